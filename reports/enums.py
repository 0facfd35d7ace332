"""Fixed vocabularies of reports and exports."""

from django.db import models


class ReportKind(models.TextChoices):
    SUMMARY = "summary", "Synthèse du contrat"
    ACTION_BOOK = "action_book", "Livre des fiches actions"
    ANNUAL_REVIEW = "annual_review", "Bilan annuel"
    MID_TERM = "mid_term", "Évaluation à mi-parcours"
    FINAL = "final", "Évaluation finale"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    READY = "ready", "Prêt"
    FAILED = "failed", "Échec"


class ReportTrigger(models.TextChoices):
    """Why a document was made: a user asked for it, or the periodic schedule."""

    ON_DEMAND = "on_demand", "À la demande"
    SCHEDULE = "schedule", "Calendrier"


# Documents that cover one year; the others cover the contract as it stands.
KINDS_WITH_YEAR = (ReportKind.ANNUAL_REVIEW,)
# Documents long enough to open with a table of contents.
KINDS_WITH_TOC = (
    ReportKind.ACTION_BOOK,
    ReportKind.ANNUAL_REVIEW,
    ReportKind.MID_TERM,
    ReportKind.FINAL,
)
