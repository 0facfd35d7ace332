"""Evaluation reports and PDF exports: a frozen snapshot of a contract's data and its PDF.

A report is never recomputed: it keeps the data it was made from (`snapshot`) and the hash of that
data, so asking again when nothing changed returns the existing file.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from contracts.models import Contract, dates_in_order
from reports.enums import ReportKind, ReportStatus


def report_file_path(report: "EvaluationReport", filename: str) -> str:
    return f"reports/{report.contract_id}/{filename}"


class EvaluationReportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=ReportStatus.READY)


class EvaluationReport(models.Model):
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField("nature", max_length=20, choices=ReportKind.choices)
    period = models.CharField(
        "période",
        max_length=10,
        blank=True,
        help_text="L'année d'un bilan annuel, par exemple 2025.",
    )
    status = models.CharField(
        "état",
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.PENDING,
        db_index=True,
    )
    # Confidential actions appear only in documents made for readers allowed to see them.
    includes_confidential = models.BooleanField("inclut les actions confidentielles", default=False)
    snapshot = models.JSONField("données figées", default=dict, blank=True, editable=False)
    data_as_of = models.DateTimeField("données arrêtées au", null=True, blank=True)
    content_hash = models.CharField(
        "empreinte des données", max_length=64, blank=True, db_index=True
    )
    file = models.FileField("fichier PDF", upload_to=report_file_path, blank=True, max_length=255)
    recommendations = models.TextField("recommandations", blank=True)
    error_message = models.TextField("motif de l'échec", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapports et exports"
        ordering = ["contract", "-requested_at"]
        constraints = [
            # The same data, for the same audience, is rendered once.
            models.UniqueConstraint(
                fields=["contract", "kind", "period", "includes_confidential", "content_hash"],
                condition=~Q(content_hash=""),
                name="unique_report_per_content",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.ANNUAL_REVIEW) | ~Q(period=""),
                name="annual_review_has_period",
                violation_error_message="Un bilan annuel porte sur une année.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.READY) | ~Q(file=""),
                name="ready_report_has_file",
                violation_error_message="Un rapport prêt a un fichier.",
            ),
            dates_in_order(
                "started_at",
                "finished_at",
                "report_times_in_order",
                "La fin du calcul précède son début.",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return (
            f"{label} {self.period} — {self.contract}"
            if self.period
            else f"{label} — {self.contract}"
        )
