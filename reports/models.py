"""Evaluation reports and PDF exports: a frozen snapshot of a contract's data and its PDF.

A report is never recomputed: it keeps the data it was made from (`snapshot`) and the hash of that
data, so asking again when nothing changed returns the existing file.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from contracts.models import Contract, dates_in_order
from reports.enums import ReportKind, ReportStatus, ReportTrigger

# How each document starts its file name.
FILE_NAMES = {
    ReportKind.SUMMARY: "synthese",
    ReportKind.ACTION_BOOK: "livre-des-fiches-actions",
    ReportKind.ANNUAL_REVIEW: "bilan-annuel",
    ReportKind.MID_TERM: "evaluation-a-mi-parcours",
    ReportKind.FINAL: "evaluation-finale",
}


def report_file_path(report: "EvaluationReport", filename: str) -> str:
    return f"reports/{report.contract_id}/{filename}"


class EvaluationReportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=ReportStatus.READY)

    def scheduled(self):
        return self.filter(trigger=ReportTrigger.SCHEDULE)

    def claimable(self, stale_before: datetime.datetime, claim: str = ""):
        """Reports a worker may start: waiting, running for a worker that died long ago, or
        held by this very `claim` (its task tried again or delivered again)."""
        held = Q(status=ReportStatus.RUNNING, claimed_by=claim) if claim else Q(pk__in=[])
        return self.filter(
            Q(status=ReportStatus.PENDING)
            | Q(status=ReportStatus.RUNNING, started_at__lt=stale_before)
            | held
        )


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
    trigger = models.CharField(
        "origine",
        max_length=10,
        choices=ReportTrigger.choices,
        default=ReportTrigger.ON_DEMAND,
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
    # The rendering task that holds the document: the same task, tried again or delivered
    # again after its worker died, takes it back at once.
    claimed_by = models.CharField("tâche de mise en page", max_length=64, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    notified_at = models.DateTimeField("destinataires prévenus le", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True, db_index=True)

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapports et exports"
        ordering = ["contract", "-requested_at"]
        constraints = [
            # The same data, for the same audience, is rendered once on demand.
            models.UniqueConstraint(
                fields=["contract", "kind", "period", "includes_confidential", "content_hash"],
                condition=~Q(content_hash="") & Q(trigger=ReportTrigger.ON_DEMAND),
                name="unique_report_per_content",
            ),
            # The schedule makes one document per contract, kind and period, however many
            # schedulers fire: the second insert fails here.
            models.UniqueConstraint(
                fields=["contract", "kind", "period"],
                condition=Q(trigger=ReportTrigger.SCHEDULE),
                name="unique_scheduled_report",
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
        return f"{self.title} — {self.contract}"

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.pk])

    @property
    def title(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.period}" if self.period else label

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)

    @property
    def download_name(self) -> str:
        """The file name users save, in French: the document, its period, the contract and the
        day of its data, without spaces or accents (`synthese-cls-de-belle-ile-…-2026-11-22.pdf`)."""
        contract = slugify(self.contract.title)[:60].strip("-") or f"contrat-{self.contract_id}"
        day = timezone.localtime(self.data_as_of or self.requested_at).date()
        parts = [FILE_NAMES[ReportKind(self.kind)], self.period, contract, day.isoformat()]
        return "-".join(part for part in parts if part) + ".pdf"
