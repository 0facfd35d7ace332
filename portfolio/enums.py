"""Fixed vocabularies of the portfolio pages."""

from django.db import models


class CoverageSituation(models.TextChoices):
    """Where a territory stands with its CLS, from the most to the least lasting coverage."""

    IN_FORCE = "in_force", "En vigueur"
    ENDING = "ending", "Échéance dans les 6 mois"
    PREPARING = "preparing", "En préparation"
    NONE = "none", "Sans CLS"
