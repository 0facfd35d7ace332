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
