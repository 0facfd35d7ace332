"""The workbook's layout: its sheets and columns, and the vocabularies its cells may hold."""

from collections.abc import Iterable
from dataclasses import dataclass

from actions.enums import ActionStatus, CitizenParticipation, Priority
from actions.models import Determinant, TargetGroup
from contracts.enums import ObjectiveLevel
from contracts.models import Theme
from indicators.enums import Direction, GeographicLevel, IndicatorKind, Periodicity

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18


AXES = [
    Column("number", "Numéro", True, 10),
    Column("title", "Intitulé", True, 50),
    Column("description", "Description", width=60),
]
OBJECTIVES = [
    Column("axis", "Axe", True, 8),
    Column("number", "Numéro", width=10),
    Column("level", "Niveau", True, 22),
    Column("parent", "Objectif parent", width=16),
    Column("title", "Intitulé", True, 60),
    Column("description", "Description", width=40),
]
ACTIONS = [
    Column("number", "Numéro", True, 10),
    Column("axis", "Axe", True, 8),
    Column("title", "Intitulé", True, 50),
    Column("description", "Description", width=50),
    Column("rationale", "Contexte et justification", width=40),
    Column("expected_results", "Résultats attendus", width=40),
    Column("objectives", "Objectifs", width=20),
    Column("lead_organisation", "Structure pilote", width=30),
    Column("lead_person", "Référent (adresse électronique)", width=30),
    Column("partners", "Partenaires", width=40),
    Column("target_groups", "Publics cibles", width=30),
    Column("determinants", "Déterminants de santé", width=30),
    Column("themes", "Thématiques", width=30),
    Column("intervention_communes", "Communes d'intervention (codes INSEE)", width=24),
    Column("citizen_participation", "Participation citoyenne", width=18),
    Column("priority", "Priorité", width=12),
    Column("status", "Statut", width=14),
    Column("starts_on", "Début", width=12),
    Column("planned_end_on", "Fin prévue", width=12),
    Column("ended_on", "Fin effective", width=12),
    Column("is_confidential", "Confidentielle", width=14),
]
INDICATORS = [
    Column("code", "Code catalogue", width=16),
    Column("name", "Intitulé", True, 50),
    Column("action", "Fiche action", width=12),
    Column("kind", "Type", width=12),
    Column("unit", "Unité", width=10),
    Column("periodicity", "Périodicité", width=14),
    Column("direction", "Sens d'évolution", width=18),
    Column("decimals", "Décimales", width=10),
    Column("min_value", "Valeur minimale", width=14),
    Column("max_value", "Valeur maximale", width=14),
    Column("numerator_label", "Numérateur", width=24),
    Column("denominator_label", "Dénominateur", width=24),
    Column("source", "Source", width=24),
    Column("geographic_level", "Échelle géographique", width=20),
    Column("baseline_value", "Valeur de référence", width=14),
    Column("baseline_on", "Date de référence", width=14),
    Column("target_value", "Valeur cible", width=14),
    Column("target_on", "Échéance de la cible", width=14),
]
VALUES = [
    Column("action", "Fiche action", width=12),
    Column("indicator", "Indicateur", width=50),
    Column("code", "Code catalogue", width=16),
    Column("period", "Période", width=10),
    Column("value", "Valeur", width=12),
    Column("numerator", "Numérateur", width=12),
    Column("denominator", "Dénominateur", width=12),
    Column("status", "État", width=12),
    Column("comment", "Commentaire", width=40),
]
SHEETS = {
    "Axes": AXES,
    "Objectifs": OBJECTIVES,
    "Actions": ACTIONS,
    "Indicateurs": INDICATORS,
    "Valeurs": VALUES,
}
IMPORTED_SHEETS = ["Axes", "Objectifs", "Actions", "Indicateurs"]


# --- Vocabularies: a cell holds a label (as shown in the interface) or a code ------------------


def _choices(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    lookup = {}
    for code, label in pairs:
        lookup[str(code).lower()] = code
        lookup[str(label).lower()] = code
    return lookup


LEVELS = _choices(ObjectiveLevel.choices) | {
    "général": ObjectiveLevel.GENERAL,
    "spécifique": ObjectiveLevel.SPECIFIC,
    "opérationnel": ObjectiveLevel.OPERATIONAL,
}
# Parents before children: general objectives, then specific, then operational ones.
LEVEL_DEPTH = {ObjectiveLevel.GENERAL: 0, ObjectiveLevel.SPECIFIC: 1, ObjectiveLevel.OPERATIONAL: 2}


def objective_level(text: str) -> str | None:
    """The objective level a cell names (`Objectif spécifique`, `spécifique`, `specific`)."""
    text = text.lower()
    return LEVELS.get(text) or LEVELS.get(text.removeprefix("objectif "))


def vocabulary_lookups() -> dict[str, dict[str, str]]:
    """The code of each label or code a cell may hold, by column key."""
    return {
        "target_groups": _choices(TargetGroup.objects.values_list("code", "label")),
        "determinants": _choices(Determinant.objects.values_list("code", "label")),
        "themes": _choices(Theme.objects.values_list("code", "label")),
        "citizen_participation": _choices(CitizenParticipation.choices),
        "priority": _choices(Priority.choices),
        "status": _choices(ActionStatus.choices),
        "kind": _choices(IndicatorKind.choices),
        "periodicity": _choices(Periodicity.choices),
        "direction": _choices(Direction.choices),
        "geographic_level": _choices(GeographicLevel.choices),
    }
