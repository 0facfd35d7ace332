"""Fixed vocabularies of indicators."""

from django.db import models


class IndicatorKind(models.TextChoices):
    PROCESS = "process", "Processus"
    RESULT = "result", "Résultat"
    IMPACT = "impact", "Impact"


class Direction(models.TextChoices):
    UP = "up", "Hausse souhaitée"
    DOWN = "down", "Baisse souhaitée"


class Periodicity(models.TextChoices):
    YEAR = "year", "Annuelle"
    SEMESTER = "semester", "Semestrielle"
    QUARTER = "quarter", "Trimestrielle"
    MONTH = "month", "Mensuelle"


class GeographicLevel(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    TERRITORY = "territory", "Territoire du contrat"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    NATIONAL = "national", "France entière"


class CatalogueScope(models.TextChoices):
    NATIONAL = "national", "Catalogue national"
    REGIONAL = "regional", "Catalogue régional"
    CONTRACT = "contract", "Propre au contrat"


class ValueStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumise"
    VALIDATED = "validated", "Validée"
    REJECTED = "rejected", "Refusée"


class ReviewDecision(models.TextChoices):
    """What the ARS's queue does with the values ticked."""

    VALIDATE = "validate", "Valider"
    REJECT = "reject", "Refuser"


class PlanImportStatus(models.TextChoices):
    """Where a confirmed import of a plan's workbook stands."""

    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Importé"
    FAILED = "failed", "Échec"
