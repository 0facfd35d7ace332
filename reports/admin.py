"""Admin of evaluation reports, exports and the e-mails sent about them."""

from django.contrib import admin

from reports.models import EvaluationReport, Notification


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "trigger",
        "status",
        "requested_by",
        "requested_at",
        "finished_at",
    ]
    list_select_related = ["contract", "requested_by"]
    list_filter = ["kind", "status", "trigger", "includes_confidential"]
    search_fields = ["contract__title"]
    autocomplete_fields = ["contract"]
    readonly_fields = [
        "status",
        "trigger",
        "includes_confidential",
        "content_hash",
        "data_as_of",
        "file",
        "error_message",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
    ]


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
