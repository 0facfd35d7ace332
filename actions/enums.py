"""Fixed vocabularies of action sheets."""

from django.db import models


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    IN_PROGRESS = "in_progress", "En cours"
    DONE = "done", "Réalisée"
    PAUSED = "paused", "Suspendue"
    BLOCKED = "blocked", "Bloquée"
    ABANDONED = "abandoned", "Abandonnée"


# An action in one of these statuses can no longer be late.
FINISHED_STATUSES = (ActionStatus.DONE, ActionStatus.ABANDONED)


class Priority(models.TextChoices):
    HIGH = "high", "Haute"
    MEDIUM = "medium", "Moyenne"
    LOW = "low", "Basse"


class CitizenParticipation(models.TextChoices):
    """Levels of citizen participation, from none to co-construction."""

    NONE = "none", "Aucune"
    INFORMATION = "information", "Information"
    CONSULTATION = "consultation", "Consultation"
    CONCERTATION = "concertation", "Concertation"
    CO_CONSTRUCTION = "co_construction", "Co-construction"


class TargetGroupChoice(models.TextChoices):
    GENERAL_POPULATION = "general_population", "Tout public"
    CHILDREN = "children", "Enfants"
    YOUNG_PEOPLE = "young_people", "Jeunes (12-25 ans)"
    PARENTS = "parents", "Parents"
    OLDER_PEOPLE = "older_people", "Personnes âgées"
    DISABLED_PEOPLE = "disabled_people", "Personnes en situation de handicap"
    VULNERABLE_PEOPLE = "vulnerable_people", "Personnes en situation de précarité"
    CARERS = "carers", "Aidants"
    PROFESSIONALS = "professionals", "Professionnels de santé et du social"
    ELECTED_OFFICIALS = "elected_officials", "Élus"
    WORKERS = "workers", "Actifs, salariés"
    FARMERS = "farmers", "Exploitants et salariés agricoles"


class DeterminantChoice(models.TextChoices):
    HOUSING = "housing", "Logement"
    ENVIRONMENT = "environment", "Environnement"
    EDUCATION = "education", "Éducation"
    SOCIAL_TIES = "social_ties", "Liens sociaux"
    WORK = "work", "Travail et emploi"
    INCOME = "income", "Revenus"
    TRANSPORT = "transport", "Mobilité et transports"
    ACCESS_TO_CARE = "access_to_care", "Accès aux soins"
    BEHAVIOURS = "behaviours", "Comportements et modes de vie"
    NUTRITION = "nutrition", "Alimentation"


class FundingScheme(models.TextChoices):
    FIR = "fir", "Fonds d'intervention régional (FIR)"
    COLLECTIVITE = "collectivite", "Collectivité"
    CPAM = "cpam", "Assurance maladie (CPAM)"
    POLITIQUE_VILLE = "politique_ville", "Politique de la ville"
    OTHER = "other", "Autre"


class FundingNature(models.TextChoices):
    OPERATING = "operating", "Fonctionnement"
    INVESTMENT = "investment", "Investissement"


class FundingStatus(models.TextChoices):
    PLANNED = "planned", "Prévu"
    REQUESTED = "requested", "Demandé"
    GRANTED = "granted", "Accordé"
    PAID = "paid", "Versé"
    REFUSED = "refused", "Refusé"
