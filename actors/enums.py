"""Fixed vocabularies of organisations and memberships."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ARS = "ars", "Agence régionale de santé"
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    DEPARTEMENT = "departement", "Conseil départemental"
    REGION = "region", "Conseil régional"
    PREFECTURE = "prefecture", "Préfecture"
    CPAM = "cpam", "CPAM"
    MSA = "msa", "MSA"
    CAF = "caf", "CAF"
    HOSPITAL = "hospital", "Établissement de santé"
    CPTS = "cpts", "CPTS"
    MSP = "msp", "Maison de santé pluriprofessionnelle"
    ASSOCIATION = "association", "Association"
    EDUCATION = "education", "Éducation nationale"
    OTHER = "other", "Autre"


class MembershipRole(models.TextChoices):
    # Staff of an ARS: sees and manages every contract of the ARS's région.
    ARS_STAFF = "ars_staff", "Agent de l'ARS"
    # Elected official or officer of a collectivité: reads the contracts their organisation signed.
    MEMBER = "member", "Membre (élu, services)"
    # Owner of a partner tool: reads through the API what the organisation may see.
    PARTNER = "partner", "Partenaire (outil connecté)"


class TokenScope(models.TextChoices):
    """What an API token may do, always within what its owner may do."""

    READ = "read", "Lire les données visibles par le titulaire"
    VALUES_WRITE = "values:write", "Saisir des valeurs d'indicateurs"
    ACTIONS_WRITE = (
        "actions:write",
        "Modifier les fiches actions, leurs notes de suivi et les réunions",
    )
    REPORTS_WRITE = "reports:write", "Rédiger les recommandations des évaluations"
    PLAN_WRITE = (
        "plan:write",
        "Corriger la structure du plan : axes, objectifs, indicateurs, signataires",
    )
