"""Admin of evaluation reports and exports (their e-mails: `actors.admin`)."""

from django.contrib import admin

from reports.models import EvaluationReport


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
