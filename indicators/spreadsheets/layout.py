"""The workbook's layout: its sheets and columns, and the vocabularies its cells may hold."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from actions.enums import ActionStatus, CitizenParticipation, Priority
from actions.fields import EDITED_FIELDS, label, model_field
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
# The Actions sheet has a column per field of a fiche (actions/fields.py), those that name the
# row first, with their widths.
ACTION_KEY_COLUMNS = {"number": 10, "axis": 8, "title": 50}
# Headers that say what a cell holds, where the field's label does not.
ACTION_HEADERS = {
    "lead_person": "Référent (adresse électronique)",
    "intervention_communes": "Communes d'intervention (codes INSEE)",
}


# How the Actions sheet names the rows a fiche refers to, for the import to find them back: by
# these fields (the first one filled in); the items of the other lists by their label.
ACTION_REFERENCES = {
    "axis": ("number",),
    "objectives": ("number", "title"),
    "lead_organisation": ("name",),
    "lead_person": ("email",),
    "partners": ("name",),
    "intervention_communes": ("code",),
}


def _width(field: models.Field) -> int:
    """Room for what a cell of `field` holds: a text, names, a date, a word."""
    if isinstance(field, models.TextField):
        return 40
    if field.is_relation:
        return 30
    return 12 if isinstance(field, models.DateField) else 14


def _action_column(name: str) -> Column:
    field = model_field(name)
    return Column(
        name,
        ACTION_HEADERS.get(name) or label(name),
        required=not (field.blank or field.has_default()),
        width=ACTION_KEY_COLUMNS.get(name) or _width(field),
    )


ACTIONS = [
    _action_column(name)
    for name in [*ACTION_KEY_COLUMNS, *(n for n in EDITED_FIELDS if n not in ACTION_KEY_COLUMNS)]
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
IMPORTED_SHEETS = list(SHEETS)


# --- Vocabularies: a cell holds a label (as shown in the interface) or a code ------------------


def _choices(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    lookup = {}
    for code, name in pairs:
        lookup[str(code).lower()] = code
        lookup[str(name).lower()] = code
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
