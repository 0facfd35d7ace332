"""Evaluation reports, PDF and spreadsheet exports, Celery tasks."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Rapports"

    def ready(self):
        from reports import checks  # noqa: F401  (registers the system check)
