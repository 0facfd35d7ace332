"""Fixed vocabularies of contracts."""

from django.db import models


class ContractKind(models.TextChoices):
    CLS = "cls", "Contrat local de santé (CLS)"
    CLSM = "clsm", "Contrat local de santé mentale (CLSM)"


class ContractStatus(models.TextChoices):
    """The lifecycle of a contract, in order."""

    SCOPING = "scoping", "Engagement de la démarche"
    DIAGNOSIS = "diagnosis", "Diagnostic"
    ELABORATION = "elaboration", "Élaboration"
    SIGNED = "signed", "Signé"
    IMPLEMENTATION = "implementation", "Mise en œuvre"
    EVALUATION = "evaluation", "Évaluation"
    CLOSED = "closed", "Terminé"
    RENEWED = "renewed", "Renouvelé"
    ABANDONED = "abandoned", "Abandonné"


class TermPhase(models.TextChoices):
    """Where a contract stands between its start and its end (`Contract.term_phase`)."""

    OUTSIDE = "outside", "Non signé ou clos"
    NOT_STARTED = "not_started", "Signé, pas encore en vigueur"
    IN_FORCE = "in_force", "En vigueur"
    ENDED = "ended", "Arrivé à échéance"


class AssignmentPhase(models.TextChoices):
    """Where a coordinator assignment stands on a date (`CoordinatorAssignment.phase`)."""

    UPCOMING = "upcoming", "À venir"
    CURRENT = "current", "En poste"
    PREVIOUS = "previous", "Précédente"


class LinkedScheme(models.TextChoices):
    CLSM = "clsm", "Conseil local de santé mentale (CLSM)"
    ASV = "asv", "Atelier santé ville (ASV)"
    CONTRAT_DE_VILLE = "contrat_de_ville", "Contrat de ville"
    CPTS = "cpts", "Communauté professionnelle territoriale de santé (CPTS)"
    PRS = "prs", "Projet régional de santé (PRS)"
    PTSM = "ptsm", "Projet territorial de santé mentale (PTSM)"


class SignatoryRole(models.TextChoices):
    SIGNATORY = "signatory", "Signataire"
    ASSOCIATED = "associated", "Signataire associé"
    PARTNER = "partner", "Partenaire"


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", "Contrat signé"
    DIAGNOSIS = "diagnosis", "Diagnostic"
    AMENDMENT = "amendment", "Avenant"
    DELIBERATION = "deliberation", "Délibération"
    MINUTES = "minutes", "Compte rendu"
    EVALUATION = "evaluation", "Évaluation"
    OTHER = "other", "Autre"


class ThemeChoice(models.TextChoices):
    """Health themes used by diagnosis findings and action sheets."""

    PREVENTION = "prevention", "Prévention et promotion de la santé"
    ACCESS_TO_CARE = "access_to_care", "Accès aux soins"
    MEDICO_SOCIAL = "medico_social", "Parcours médico-sociaux"
    HEALTH_ENVIRONMENT = "health_environment", "Santé-environnement"
    MENTAL_HEALTH = "mental_health", "Santé mentale"
    COORDINATION = "coordination", "Coordination et animation"


class ObjectiveLevel(models.TextChoices):
    GENERAL = "general", "Objectif général"
    SPECIFIC = "specific", "Objectif spécifique"
    OPERATIONAL = "operational", "Objectif opérationnel"


class BodyKind(models.TextChoices):
    COPIL = "copil", "Comité de pilotage (COPIL)"
    COTECH = "cotech", "Comité technique (COTECH)"
    WORKING_GROUP = "working_group", "Groupe de travail"
    PLENARY = "plenary", "Assemblée plénière"


class TerritoryChoiceMode(models.TextChoices):
    """How a user describes a contract's territory in the contract form."""

    EPCI = "epci", "Un EPCI"
    COMMUNES = "communes", "Une ou plusieurs communes"
    DEPARTEMENT = "departement", "Un département"
