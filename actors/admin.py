"""Admin of organisations, people, accounts, their invitations and the e-mails sent to them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from actors.models import (
    ApiToken,
    Invitation,
    Membership,
    Notification,
    Organisation,
    Person,
    User,
)
from actors.services import account_deactivate, account_reactivate, api_token_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        (
            "Droits",
            {
                "fields": ["is_active", "is_staff", "is_superuser"],
                "description": "Un superutilisateur est administrateur national.",
            },
        ),
        ("Préférences", {"fields": ["receives_weekly_digest"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deactivated_at"]}),
    ]
    readonly_fields = ["deactivated_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        """Unticking « actif » deactivates through the service: tokens revoked, sessions ended."""
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            if obj.is_active:
                account_reactivate(user=obj)
            else:
                account_deactivate(user=obj)

    @admin.action(description="Désactiver les comptes choisis (jetons révoqués, sessions fermées)")
    def deactivate(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            account_deactivate(user=user)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "region", "departement"]
    list_select_related = ["region", "departement"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "acronym", "siren"]
    autocomplete_fields = ["region", "departement", "epci", "commune"]
    # Addresses typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "job_title", "organisation", "user"]
    list_select_related = ["organisation", "user"]
    search_fields = ["last_name", "first_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "started_on", "ended_on"]
    list_select_related = ["user", "organisation"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (account page, `create_api_token`); admins revoke."""

    list_display = [
        "name",
        "user",
        "key_start",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_select_related = ["user"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "key_start"]
    readonly_fields = ["user", "name", "key_start", "scopes", "created_at", "last_used_at"]
    fields = [*readonly_fields, "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Révoquer les jetons choisis")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are made by naming people on contracts; admins look them up."""

    list_display = ["user", "purpose", "invited_by", "sent_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "purpose"]
    readonly_fields = [
        "user",
        "invited_by",
        "purpose",
        "landing_url",
        "created_at",
        "sent_at",
        "sends",
        "expires_at",
        "accepted_at",
        "cancelled_at",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A log of e-mails, sent or waiting for the mail server: read only."""

    list_display = ["subject", "user", "key", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["subject", "user__email", "key"]
    readonly_fields = [
        "user",
        "key",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
    exclude = ["html_body"]

    def has_add_permission(self, request):
        return False
