"""Fixed vocabularies of the territory referential."""

from django.db import models


class EpciKind(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class TerritoryKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    PAYS_PETR = "pays_petr", "Pays / PETR"
    DEPARTEMENT = "departement", "Département"
    QPV = "qpv", "Quartier prioritaire (QPV)"
    CUSTOM = "custom", "Périmètre sur mesure"
