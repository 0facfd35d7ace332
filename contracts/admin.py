"""Admin of contracts and what is decided at contract level."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contracts.models import (
    Amendment,
    Axis,
    Contract,
    CoordinatorAssignment,
    Diagnosis,
    Document,
    Finding,
    GovernanceBody,
    Meeting,
    Objective,
    Signatory,
    Theme,
    Tombstone,
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ["organisation", "person"]


class CoordinatorAssignmentInline(admin.TabularInline):
    model = CoordinatorAssignment
    extra = 0
    autocomplete_fields = ["person", "funders"]


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0
    fields = ["number", "title", "order"]
    show_change_link = True


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "generation", "status", "ars", "starts_on", "ends_on"]
    list_select_related = ["ars"]
    list_filter = ["status", "kind", "generation", "ars__region"]
    search_fields = ["title", "territory__name"]
    autocomplete_fields = ["territory", "ars", "predecessor"]
    date_hierarchy = "signed_on"
    inlines = [SignatoryInline, CoordinatorAssignmentInline, AmendmentInline, AxisInline]
    fieldsets = [
        (None, {"fields": ["title", "kind", "generation", "predecessor", "territory", "ars"]}),
        ("Cycle de vie", {"fields": ["status", "scoping_started_on", "diagnosis_on", "signed_on"]}),
        ("Durée", {"fields": ["starts_on", "ends_on"]}),
        ("Contenu", {"fields": ["summary", "linked_schemes", "linked_schemes_notes", "is_public"]}),
    ]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["level", "parent", "number", "title", "order"]


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "contract", "order"]
    list_select_related = ["contract"]
    list_filter = ["contract__ars__region"]
    search_fields = ["title", "contract__title"]
    autocomplete_fields = ["contract"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "level", "axis"]
    list_select_related = ["axis"]
    list_filter = ["level"]
    search_fields = ["title", "axis__contract__title"]
    autocomplete_fields = ["axis", "parent"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Diagnosis)
class DiagnosisAdmin(admin.ModelAdmin):
    list_display = ["contract", "completed_on", "carried_out_by"]
    list_select_related = ["contract", "carried_out_by"]
    search_fields = ["contract__title"]
    autocomplete_fields = ["contract", "carried_out_by"]
    inlines = [FindingInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "contract", "uploaded_by", "uploaded_at"]
    list_select_related = ["contract", "uploaded_by"]
    list_filter = ["kind"]
    search_fields = ["title", "contract__title"]
    autocomplete_fields = ["contract", "amendment"]
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Amendment)
class AmendmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "contract", "signed_on"]
    list_select_related = ["contract"]
    search_fields = ["subject", "contract__title"]
    autocomplete_fields = ["contract"]


@admin.register(Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "role", "contract", "deliberation_on", "signed_on"]
    list_select_related = ["organisation", "contract"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["organisation__name", "contract__title"]
    autocomplete_fields = ["contract", "organisation", "person"]


@admin.register(CoordinatorAssignment)
class CoordinatorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "contract", "started_on", "ended_on", "fte"]
    list_select_related = ["person", "contract"]
    search_fields = ["person__last_name", "contract__title"]
    autocomplete_fields = ["contract", "person", "funders"]


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contract"]
    list_select_related = ["contract"]
    list_filter = ["kind"]
    search_fields = ["name", "contract__title"]
    autocomplete_fields = ["contract", "members", "member_organisations"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contract", "held_on"]
    list_select_related = ["contract", "body"]
    list_filter = ["body__kind"]
    search_fields = ["title", "contract__title"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["contract", "body", "minutes", "attendees", "attending_organisations"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]
    search_fields = ["label"]


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Traces of deletions, read by partner tools through the API: never written by hand."""

    list_display = ["resource", "object_id", "contract_id", "deleted_at"]
    list_filter = ["resource"]
    search_fields = ["object_id"]
    date_hierarchy = "deleted_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
