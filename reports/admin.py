"""Admin of evaluation reports and exports."""

from django.contrib import admin

from reports.models import EvaluationReport


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "requested_by", "requested_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["contract__title"]
    autocomplete_fields = ["contract"]
    readonly_fields = [
        "status",
        "content_hash",
        "data_as_of",
        "file",
        "error_message",
        "requested_by",
        "requested_at",
        "started_at",
        "finished_at",
    ]
