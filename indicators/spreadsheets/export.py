"""Writing a contract's action plan (or an empty template) as a workbook in the import format."""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actions.enums import ActionStatus, CitizenParticipation, Priority
from actions.fields import LIST_FIELDS, model_field
from actions.models import Action, Determinant, TargetGroup
from actions.selectors import linked_values
from config.fastpaths.collector import collector_paused
from config.spreadsheet_cells import xlsx_row
from contracts.enums import ObjectiveLevel
from contracts.models import Contract, Objective, Theme
from indicators.enums import CatalogueScope, Direction, GeographicLevel, IndicatorKind, Periodicity
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.spreadsheets.layout import (
    ACTION_REFERENCES,
    ACTIONS,
    LEVEL_DEPTH,
    LIST_SEPARATOR,
    SHEETS,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="000091")
DATE_FORMAT = "DD/MM/YYYY"
INSTRUCTIONS = [
    "Remplissez les feuilles Axes, Objectifs, Actions et Indicateurs ; une ligne par élément.",
    "Les colonnes marquées * sont obligatoires. Les dates s'écrivent jj/mm/aaaa, les nombres "
    "à la française (12,5).",
    f"Les listes (objectifs, partenaires, publics, thématiques, communes…) se séparent par "
    f"« {LIST_SEPARATOR} ».",
    "Objectifs et fiches se rattachent à leur axe par son numéro ; un objectif à son parent "
    "(numéro ou intitulé) ; une fiche à ses objectifs (numéros ou intitulés).",
    "Un indicateur avec un code catalogue reprend la définition du catalogue ; sans code, un "
    "indicateur propre au contrat est créé avec les colonnes de définition.",
    "Les organisations inconnues (pilote, partenaires) sont créées ; un référent est reconnu "
    "par son adresse électronique.",
    "La feuille Valeurs s'importe aussi : une valeur par indicateur et période, contrôlée comme "
    "dans la grille ; une valeur modifiée repasse en brouillon pour être validée par l'ARS "
    "(la colonne État est donnée pour information).",
    "Pour mettre à jour un plan : exportez-le, modifiez le classeur, importez-le. Les axes, "
    "objectifs, fiches et indicateurs sont reconnus par leur numéro ou leur code ; l'aperçu "
    "montre ce qui sera ajouté, modifié ou laissé tel quel avant toute écriture.",
]


def plan_template() -> bytes:
    """An empty workbook in the import format, with its instructions."""
    workbook = Workbook()
    _readme(workbook, None)
    for title in SHEETS:
        _sheet(workbook, title, [])
    return _save(workbook)


@collector_paused()
def plan_export(contract: Contract, *, include_confidential: bool) -> bytes:
    """The contract's axes, objectives, actions, indicators and values, in the import format.

    Its thousands of cells are built with the garbage collector paused, and freed by `_save`."""
    workbook = Workbook()
    _readme(workbook, contract)
    axes = contract.axes.order_by("order", "number")
    _sheet(workbook, "Axes", ([a.number, a.title, a.description] for a in axes))
    _sheet(workbook, "Objectifs", (_objective_row(o) for o in _objectives(contract)))
    actions = _actions(contract, include_confidential)
    lists = {
        name: linked_values([a.pk for a in actions], name, ACTION_REFERENCES.get(name, ("label",)))
        for name in LIST_FIELDS
    }
    _sheet(workbook, "Actions", (_action_row(a, lists) for a in actions))
    indicators = _indicators(contract, include_confidential)
    _sheet(workbook, "Indicateurs", (_indicator_row(i) for i in indicators))
    _sheet(workbook, "Valeurs", (_value_row(i, v) for i in indicators for v in i.values.all()))
    return _save(workbook)


# --- What the sheets show ----------------------------------------------------------------------


def _readme(workbook: Workbook, contract: Contract | None):
    sheet = workbook.active
    sheet.title = "Lisez-moi"
    sheet.column_dimensions["A"].width = 110
    lines = [
        "Plan d'action d'un contrat local de santé",
        f"Contrat : {contract.title}" if contract else "Modèle vierge à remplir",
        f"Fichier produit le {timezone.localdate():%d/%m/%Y}.",
        "",
        *INSTRUCTIONS,
        "",
        "Valeurs acceptées :",
        *(f"  {name} : {f'{LIST_SEPARATOR} '.join(labels)}" for name, labels in _vocabularies()),
    ]
    for line in lines:
        sheet.append(xlsx_row(sheet, [line]))
    sheet["A1"].font = Font(bold=True, size=14)


def _vocabularies() -> list[tuple[str, list[str]]]:
    return [
        ("Niveau", ObjectiveLevel.labels),
        ("Statut", ActionStatus.labels),
        ("Priorité", Priority.labels),
        ("Participation citoyenne", CitizenParticipation.labels),
        ("Publics cibles", list(TargetGroup.objects.values_list("label", flat=True))),
        ("Déterminants de santé", list(Determinant.objects.values_list("label", flat=True))),
        ("Thématiques", list(Theme.objects.values_list("label", flat=True))),
        ("Type d'indicateur", IndicatorKind.labels),
        ("Périodicité", Periodicity.labels),
        ("Sens d'évolution", Direction.labels),
        ("Échelle géographique", GeographicLevel.labels),
    ]


def _objectives(contract: Contract) -> list[Objective]:
    """The contract's objectives, parents before their children, so that a reader meets every
    parent first."""
    objectives = (
        Objective.objects.filter(axis__contract=contract)
        .select_related("axis", "parent")
        .order_by("axis__order", "axis__number", "order", "number", "id")
    )
    return sorted(objectives, key=lambda o: LEVEL_DEPTH[o.level])


def _actions(contract: Contract, include_confidential: bool) -> list[Action]:
    actions = contract.actions.select_related("axis", "lead_organisation", "lead_person").order_by(
        "axis__order", "axis__number", "number"
    )
    return list(actions if include_confidential else actions.public())


def _indicators(contract: Contract, include_confidential: bool) -> list[Indicator]:
    indicators = (
        Indicator.objects.filter(contract=contract)
        .select_related("definition", "action")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
        )
        .order_by("action__number", "definition__code")
    )
    if not include_confidential:
        indicators = indicators.filter(Q(action__isnull=True) | Q(action__is_confidential=False))
    return list(indicators)


def _joined(objects: Iterable) -> str:
    return f"{LIST_SEPARATOR} ".join(str(o) for o in objects)


def _number(value: Decimal | None):
    if value is None:
        return None
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral() else normalized


def _objective_ref(objective: Objective) -> str:
    return objective.number or objective.title


def _objective_row(objective: Objective) -> list:
    return [
        objective.axis.number,
        objective.number,
        objective.get_level_display(),
        _objective_ref(objective.parent) if objective.parent else "",
        objective.title,
        objective.description,
    ]


def _action_row(action: Action, lists: dict[str, dict[int, list]]) -> list:
    return [_action_cell(action, column.key, lists) for column in ACTIONS]


def _action_cell(action: Action, name: str, lists: dict[str, dict[int, list]]):
    """A field of the fiche as its column holds it: a reference, labels, a date, a text."""
    field = model_field(name)
    if name == "objectives":
        # As `_objective_ref` writes them.
        return _joined(number or title for number, title in lists[name][action.pk])
    if field.many_to_many:
        return _joined(lists[name][action.pk])
    if field.is_relation:
        related = getattr(action, name)
        # A person without an e-mail address is named: the import finds them by name then.
        return (getattr(related, ACTION_REFERENCES[name][0]) or str(related)) if related else ""
    if field.choices:
        return getattr(action, f"get_{name}_display")()
    if isinstance(field, models.BooleanField):
        return "oui" if getattr(action, name) else "non"
    return getattr(action, name)


def _catalogue_code(definition: IndicatorDefinition) -> str:
    # A contract's own indicator has no code worth carrying to another contract.
    return "" if definition.scope == CatalogueScope.CONTRACT else definition.code


def _indicator_row(indicator: Indicator) -> list:
    d = indicator.definition
    return [
        _catalogue_code(d),
        d.name,
        indicator.action.number if indicator.action else "",
        d.get_kind_display(),
        d.unit,
        d.get_periodicity_display(),
        d.get_direction_display(),
        d.decimals,
        _number(d.min_value),
        _number(d.max_value),
        d.numerator_label,
        d.denominator_label,
        d.source,
        d.get_geographic_level_display(),
        _number(indicator.baseline_value),
        indicator.baseline_on,
        _number(indicator.target_value),
        indicator.target_on,
    ]


def _value_row(indicator: Indicator, value: IndicatorValue) -> list:
    return [
        indicator.action.number if indicator.action else "",
        indicator.definition.name,
        _catalogue_code(indicator.definition),
        value.period,
        _number(value.value),
        _number(value.numerator),
        _number(value.denominator),
        value.get_status_display(),
        value.comment,
    ]


# --- The workbook ------------------------------------------------------------------------------


def _sheet(workbook: Workbook, title: str, rows: Iterable[list]):
    columns = SHEETS[title]
    sheet = workbook.create_sheet(title)
    sheet.append([c.header + (" *" if c.required else "") for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    # Rows are numbered here: `sheet.max_row` looks through every cell written so far.
    for number, row in enumerate(rows, start=2):
        sheet.append(xlsx_row(sheet, row))
        for index, value in enumerate(row, start=1):
            if isinstance(value, datetime.date):
                sheet.cell(row=number, column=index).number_format = DATE_FORMAT
    return sheet


def _save(workbook: Workbook) -> bytes:
    """The workbook's file; its cells are dropped once it is written (`_release`)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    _release(workbook)
    return buffer.getvalue()


def _release(workbook: Workbook):
    """Free the workbook's cells now. Each cell refers to its sheet, which holds them all: left
    as they are, only a pass of the garbage collector would free them (config/fastpaths/collector.py)."""
    for sheet in workbook.worksheets:
        sheet._cells.clear()
