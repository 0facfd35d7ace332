"""The Excel round trip of a contract's action plan: template, export, import.

One workbook format serves the three: sheets "Axes", "Objectifs", "Actions", "Indicateurs"
(imported) and "Valeurs" (exported for information, never imported: values go through the
grid and the ARS review). Export → import gives the same plan.

An import happens in two steps. `plan_read` parses the workbook and lists every problem by
sheet, row and column, in French; `action_plan_import` then writes the plan through the domain
services, in one transaction that is rolled back when any row is refused, or when it is only a
rehearsal (`dry_run`) for the preview. Nothing is written until the user confirms a workbook
that has no problem at all.
"""

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from actions.enums import ActionStatus, CitizenParticipation, Priority
from actions.models import Action, Determinant, TargetGroup
from actions.selectors import linked_values
from actions.services import action_create
from actors.enums import OrganisationKind
from actors.models import Organisation, Person, User
from config.collector import collector_paused
from contracts.documents import detect_content_type
from contracts.enums import ObjectiveLevel
from contracts.models import Axis, Contract, Objective, Theme
from contracts.services import axis_create, objective_create
from indicators.enums import CatalogueScope, Direction, GeographicLevel, IndicatorKind, Periodicity
from indicators.forms import parse_french_decimal
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue
from indicators.services import indicator_create, indicator_definition_create_for_contract

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Larger files are not action plans.
MAX_SIZE = 5 * 1024 * 1024
LIST_SEPARATOR = ";"
YES = {"oui", "o", "vrai", "x", "1", "yes", "true"}
NO = {"non", "n", "faux", "0", "no", "false", ""}


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


class SpreadsheetError(Exception):
    """The file is not a workbook this import can read at all."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"feuille « {self.sheet} »"
        if self.row:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne {self.column}"
        return f"{where} : {self.message}"


@dataclass
class Row:
    sheet: str
    number: int
    data: dict
    letters: dict


@dataclass
class PlanFile:
    """A parsed workbook: its rows by sheet, and the problems found reading them."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def problem(self, row: Row | None, sheet: str, key: str, message: str):
        columns = {c.key: c.header for c in SHEETS[sheet]}
        header = columns.get(key, "")
        letter = row.letters.get(key, "") if row else ""
        column = f"{letter} ({header})" if letter and header else header
        self.problems.append(Problem(sheet, row.number if row else None, column, message))


@dataclass
class ImportResult:
    problems: list[Problem]
    notices: list[str]
    counts: dict[str, int]
    axes: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


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


def _vocabulary_lookups() -> dict[str, dict[str, str]]:
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


# --- Export ------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="000091")
DATE_FORMAT = "DD/MM/YYYY"


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
        sheet.append(row)
        for index, value in enumerate(row, start=1):
            if isinstance(value, datetime.date):
                sheet.cell(row=number, column=index).number_format = DATE_FORMAT
    return sheet


def _joined(objects, attribute="__str__") -> str:
    parts = [str(getattr(o, attribute)) if attribute != "__str__" else str(o) for o in objects]
    return f"{LIST_SEPARATOR} ".join(parts)


def _number(value: Decimal | None):
    if value is None:
        return None
    normalized = value.normalize()
    return int(normalized) if normalized == normalized.to_integral() else normalized


def _objective_ref(objective: Objective) -> str:
    return objective.number or objective.title


def _readme(workbook: Workbook, contract: Contract | None):
    sheet = workbook.active
    sheet.title = "Lisez-moi"
    sheet.column_dimensions["A"].width = 110
    lines = [
        "Plan d'action d'un contrat local de santé",
        f"Contrat : {contract.title}" if contract else "Modèle vierge à remplir",
        f"Fichier produit le {timezone.localdate():%d/%m/%Y}.",
        "",
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
        "La feuille Valeurs est fournie pour information : elle n'est pas importée (les valeurs "
        "se saisissent dans la grille et sont validées par l'ARS).",
        "L'import ajoute au contrat : un axe ou une fiche dont le numéro existe déjà est refusé.",
        "",
        "Valeurs acceptées :",
    ]
    vocabularies = [
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
    lines += [f"  {name} : {f'{LIST_SEPARATOR} '.join(labels)}" for name, labels in vocabularies]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)


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
    axes = list(contract.axes.order_by("order", "number"))
    objectives = list(
        Objective.objects.filter(axis__contract=contract)
        .select_related("axis", "parent")
        .order_by("axis__order", "axis__number", "order", "number", "id")
    )
    actions = contract.actions.select_related("axis", "lead_organisation", "lead_person").order_by(
        "axis__order", "axis__number", "number"
    )
    indicators = (
        Indicator.objects.filter(contract=contract)
        .select_related("definition", "action")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_start"))
        )
        .order_by("action__number", "definition__code")
    )
    if not include_confidential:
        actions = actions.public()
        indicators = indicators.filter(Q(action__isnull=True) | Q(action__is_confidential=False))
    workbook = Workbook()
    _readme(workbook, contract)
    _sheet(workbook, "Axes", ([a.number, a.title, a.description] for a in axes))
    _sheet(
        workbook,
        "Objectifs",
        (
            [
                o.axis.number,
                o.number,
                o.get_level_display(),
                _objective_ref(o.parent) if o.parent else "",
                o.title,
                o.description,
            ]
            for o in _tree_order(objectives)
        ),
    )
    actions = list(actions)
    action_ids = [a.pk for a in actions]
    lists = {
        relation: linked_values(action_ids, relation, fields)
        for relation, fields in ACTION_LISTS.items()
    }
    _sheet(workbook, "Actions", (_action_row(a, lists) for a in actions))
    indicators = list(indicators)
    _sheet(workbook, "Indicateurs", (_indicator_row(i) for i in indicators))
    _sheet(
        workbook,
        "Valeurs",
        (
            [
                i.action.number if i.action else "",
                i.definition.name,
                _catalogue_code(i.definition),
                v.period,
                _number(v.value),
                _number(v.numerator),
                _number(v.denominator),
                v.get_status_display(),
                v.comment,
            ]
            for i in indicators
            for v in i.values.all()
        ),
    )
    return _save(workbook)


def _tree_order(objectives: list[Objective]) -> list[Objective]:
    """Parents before their children, so that a reader meets every parent first."""
    return sorted(objectives, key=lambda o: LEVEL_DEPTH[o.level])


# The many-to-many relations the Actions sheet lists, and what it writes of each.
ACTION_LISTS = {
    "objectives": ("number", "title"),
    "partners": ("name",),
    "target_groups": ("label",),
    "determinants": ("label",),
    "themes": ("label",),
    "intervention_communes": ("code",),
}


def _action_row(action: Action, lists: dict[str, dict[int, list]]) -> list:
    def joined(relation: str) -> str:
        return _joined(lists[relation][action.pk])

    return [
        action.number,
        action.axis.number,
        action.title,
        action.description,
        action.rationale,
        action.expected_results,
        # As `_objective_ref` writes them.
        _joined(number or title for number, title in lists["objectives"][action.pk]),
        action.lead_organisation.name if action.lead_organisation else "",
        action.lead_person.email if action.lead_person else "",
        joined("partners"),
        joined("target_groups"),
        joined("determinants"),
        joined("themes"),
        joined("intervention_communes"),
        action.get_citizen_participation_display(),
        action.get_priority_display(),
        action.get_status_display(),
        action.starts_on,
        action.planned_end_on,
        action.ended_on,
        "oui" if action.is_confidential else "non",
    ]


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


def _save(workbook: Workbook) -> bytes:
    """The workbook's file; its cells are dropped once it is written (`_release`)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    _release(workbook)
    return buffer.getvalue()


def _release(workbook: Workbook):
    """Free the workbook's cells now. Each cell refers to its sheet, which holds them all: left
    as they are, only a pass of the garbage collector would free them (config/collector.py)."""
    for sheet in workbook.worksheets:
        sheet._cells.clear()


# --- Reading -----------------------------------------------------------------------------------


def _normalise_header(text) -> str:
    return str(text or "").replace("*", "").strip().lower()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def plan_read(uploaded) -> PlanFile:
    """Parse an uploaded workbook into rows by sheet; `SpreadsheetError` if it is not one."""
    if uploaded.size > MAX_SIZE:
        raise SpreadsheetError("Le fichier dépasse 5 Mo : ce n'est pas un plan d'action.")
    if detect_content_type(uploaded) != "application/vnd.openxmlformats-officedocument":
        raise SpreadsheetError(
            "Ce fichier n'est pas un classeur Excel (.xlsx). Enregistrez-le au format « Classeur "
            "Excel (.xlsx) » ou partez du modèle téléchargeable."
        )
    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on broken files
        raise SpreadsheetError(
            "Ce classeur Excel est illisible ou endommagé ; ouvrez-le et enregistrez-le à "
            "nouveau au format .xlsx."
        ) from error
    plan = PlanFile()
    try:
        missing = [name for name in IMPORTED_SHEETS if name not in workbook.sheetnames]
        if len(missing) == len(IMPORTED_SHEETS):
            raise SpreadsheetError(
                "Ce classeur n'a aucune des feuilles attendues (Axes, Objectifs, Actions, "
                "Indicateurs) : partez du modèle téléchargeable."
            )
        for name in IMPORTED_SHEETS:
            plan.rows[name] = []
            if name in workbook.sheetnames:
                plan.rows[name] = _read_sheet(workbook[name], name, plan)
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(
            "Ce classeur Excel est illisible ou endommagé ; ouvrez-le et enregistrez-le à "
            "nouveau au format .xlsx."
        ) from error
    finally:
        workbook.close()
    return plan


def _read_sheet(sheet, name: str, plan: PlanFile) -> list[Row]:
    columns = SHEETS[name]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, text in enumerate(header):
        for column in columns:
            if _normalise_header(text) == column.header.lower():
                positions[column.key] = index
    for column in columns:
        if column.required and column.key not in positions:
            plan.problems.append(
                Problem(name, 1, column.header, "Cette colonne obligatoire est absente.")
            )
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    read = []
    for number, values in enumerate(rows, start=2):
        data = {
            key: (values[index] if index < len(values) else None)
            for key, index in positions.items()
        }
        if all(_cell_text(value) == "" for value in data.values()):
            continue
        read.append(Row(sheet=name, number=number, data=data, letters=letters))
    return read


# --- Import ------------------------------------------------------------------------------------


LEVEL_DEPTH = {ObjectiveLevel.GENERAL: 0, ObjectiveLevel.SPECIFIC: 1, ObjectiveLevel.OPERATIONAL: 2}


def _level(text: str) -> str | None:
    text = text.lower()
    return LEVELS.get(text) or LEVELS.get(text.removeprefix("objectif "))


def _level_depth(row: Row) -> int:
    return LEVEL_DEPTH.get(_level(_cell_text(row.data.get("level"))), 0)


class RowRefused(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


class _Importer:
    """One run of an import into a contract: resolves references, writes through services."""

    def __init__(self, contract: Contract, plan: PlanFile, by: User | None):
        self.contract, self.plan, self.by = contract, plan, by
        self.vocabularies = _vocabulary_lookups()
        self.axes = {axis.number: axis for axis in contract.axes.all()}
        self.failed_axes: set[int] = set()
        self.objectives: dict[int, list[Objective]] = {}
        for objective in Objective.objects.filter(axis__contract=contract):
            self.objectives.setdefault(objective.axis_id, []).append(objective)
        self.actions = {action.number: action for action in contract.actions.all()}
        self.failed_actions: set[str] = set()
        self.organisations = {o.name.lower(): o for o in Organisation.objects.order_by("-id")}
        self.communes = {c.code: c for c in contract.territory.communes.all()}
        self.counts = {"axes": 0, "objectives": 0, "actions": 0, "indicators": 0}
        self.created_axes: list[str] = []
        self.created_actions: list[str] = []

    # Cells -------------------------------------------------------------------------------------

    def text(self, row: Row, key: str, *, required=False, max_length=None) -> str:
        text = _cell_text(row.data.get(key))
        if required and not text:
            raise RowRefused(key, "Cette case est obligatoire.")
        if max_length and len(text) > max_length:
            raise RowRefused(key, f"Au plus {max_length} caractères ({len(text)} ici).")
        return text

    def integer(self, row: Row, key: str, *, required=False) -> int | None:
        text = self.text(row, key, required=required)
        if not text:
            return None
        if not text.isdigit():
            raise RowRefused(key, f"« {text} » n'est pas un nombre entier positif.")
        return int(text)

    def decimal(self, row: Row, key: str) -> Decimal | None:
        value = row.data.get(key)
        if value is None or _cell_text(value) == "":
            return None
        if isinstance(value, int | float):
            return Decimal(str(value))
        try:
            return parse_french_decimal(_cell_text(value))
        except ValidationError as error:
            raise RowRefused(key, " ".join(error.messages)) from error

    def date(self, row: Row, key: str) -> datetime.date | None:
        value = row.data.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _cell_text(value)
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise RowRefused(key, f"« {text} » n'est pas une date : écrivez-la jj/mm/aaaa.")

    def choice(self, row: Row, key: str, *, default: str | None = None) -> str:
        text = self.text(row, key)
        if not text:
            if default is None:
                raise RowRefused(key, "Cette case est obligatoire.")
            return default
        code = self.vocabularies[key].get(text.lower())
        if code is None:
            raise RowRefused(key, f"« {text} » n'est pas une valeur reconnue (voir « Lisez-moi »).")
        return code

    def choices(self, row: Row, key: str, model) -> list:
        codes = []
        for part in self.parts(row, key):
            code = self.vocabularies[key].get(part.lower())
            if code is None:
                raise RowRefused(
                    key, f"« {part} » n'est pas une valeur reconnue (voir « Lisez-moi »)."
                )
            codes.append(code)
        return list(model.objects.filter(code__in=codes))

    def parts(self, row: Row, key: str) -> list[str]:
        return [part.strip() for part in self.text(row, key).split(LIST_SEPARATOR) if part.strip()]

    def boolean(self, row: Row, key: str) -> bool:
        text = self.text(row, key).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise RowRefused(key, f"« {text} » : écrivez « oui » ou « non ».")

    def organisation(self, name: str) -> Organisation:
        organisation = self.organisations.get(name.lower())
        if organisation is None:
            organisation = Organisation(name=name, kind=OrganisationKind.OTHER)
            organisation.full_clean()
            organisation.save()
            self.organisations[name.lower()] = organisation
            self.plan.notices.append(f"L'organisation « {name} » sera créée.")
        return organisation

    # Rows --------------------------------------------------------------------------------------

    def each(self, sheet: str, write):
        for row in self.plan.rows.get(sheet, []):
            try:
                with transaction.atomic():
                    write(row)
            except RowRefused as refusal:
                self.plan.problem(row, sheet, refusal.key, refusal.message)
            except ValidationError as error:
                self._report(row, sheet, error)

    def _report(self, row: Row, sheet: str, error: ValidationError):
        keys = {c.key for c in SHEETS[sheet]}
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.plan.problem(row, sheet, key if key in keys else "", message)
        else:
            for message in error.messages:
                self.plan.problem(row, sheet, "", message)

    def axis(self, row: Row, key="axis") -> Axis:
        number = self.integer(row, key, required=True)
        if number in self.failed_axes:
            raise RowRefused(key, f"L'axe {number} est refusé dans la feuille « Axes ».")
        axis = self.axes.get(number)
        if axis is None:
            raise RowRefused(
                key, f"L'axe {number} n'existe ni dans la feuille « Axes » ni dans le contrat."
            )
        return axis

    def write_axis(self, row: Row):
        number = self.integer(row, "number", required=True)
        if number in self.axes:
            self.failed_axes.add(number)
            raise RowRefused(
                "number", f"L'axe {number} existe déjà (dans le contrat ou plus haut)."
            )
        try:
            axis = axis_create(
                contract=self.contract,
                number=number,
                title=self.text(row, "title", required=True, max_length=255),
                description=self.text(row, "description"),
            )
        except (RowRefused, ValidationError):
            self.failed_axes.add(number)
            raise
        self.axes[number] = axis
        self.counts["axes"] += 1
        self.created_axes.append(str(axis))

    def find_objective(self, axis_id: int | None, reference: str) -> Objective | None:
        pools = [self.objectives.get(axis_id, [])] if axis_id else list(self.objectives.values())
        if axis_id:
            # An action may name an objective of another axis of the contract.
            pools.append([o for items in self.objectives.values() for o in items])
        for pool in pools:
            for attribute in ("number", "title"):
                for objective in pool:
                    if getattr(objective, attribute) and getattr(objective, attribute) == reference:
                        return objective
        return None

    def write_objective(self, row: Row):
        axis = self.axis(row)
        level = self.choice_level(row)
        parent = None
        reference = self.text(row, "parent")
        if reference:
            parent = self.find_objective(axis.pk, reference)
            if parent is None or parent.axis_id != axis.pk:
                raise RowRefused(
                    "parent", f"L'objectif parent « {reference} » est introuvable dans cet axe."
                )
        objective = objective_create(
            axis=axis,
            level=level,
            parent=parent,
            number=self.text(row, "number", max_length=20),
            title=self.text(row, "title", required=True, max_length=500),
            description=self.text(row, "description"),
        )
        self.objectives.setdefault(axis.pk, []).append(objective)
        self.counts["objectives"] += 1

    def choice_level(self, row: Row) -> str:
        text = self.text(row, "level", required=True)
        level = _level(text)
        if level is None:
            raise RowRefused("level", f"« {text} » : écrivez général, spécifique ou opérationnel.")
        return level

    def write_action(self, row: Row):
        number = self.text(row, "number", required=True, max_length=20)
        if number in self.actions or number in self.failed_actions:
            raise RowRefused(
                "number", f"La fiche {number} existe déjà (dans le contrat ou plus haut)."
            )
        self.failed_actions.add(number)
        axis = self.axis(row)
        objectives = []
        for reference in self.parts(row, "objectives"):
            objective = self.find_objective(axis.pk, reference)
            if objective is None:
                raise RowRefused("objectives", f"L'objectif « {reference} » est introuvable.")
            objectives.append(objective)
        lead_name = self.text(row, "lead_organisation")
        lead_person = None
        email = self.text(row, "lead_person")
        if email:
            lead_person = Person.objects.filter(email__iexact=email).order_by("id").first()
            if lead_person is None:
                self.plan.notices.append(
                    f"Fiche {number} : aucune personne connue à l'adresse {email} ; "
                    "le référent est laissé vide."
                )
        communes = []
        for code in self.parts(row, "intervention_communes"):
            if code not in self.communes:
                raise RowRefused(
                    "intervention_communes",
                    f"La commune {code} n'est pas dans le territoire du contrat.",
                )
            communes.append(self.communes[code])
        fields = {
            "axis": axis,
            "number": number,
            "title": self.text(row, "title", required=True, max_length=255),
            "description": self.text(row, "description"),
            "rationale": self.text(row, "rationale"),
            "expected_results": self.text(row, "expected_results"),
            "objectives": objectives,
            "target_groups": self.choices(row, "target_groups", TargetGroup),
            "determinants": self.choices(row, "determinants", Determinant),
            "themes": self.choices(row, "themes", Theme),
            "intervention_communes": communes,
            "citizen_participation": self.choice(
                row, "citizen_participation", default=CitizenParticipation.NONE
            ),
            "priority": self.choice(row, "priority", default=Priority.MEDIUM),
            "status": self.choice(row, "status", default=ActionStatus.PLANNED),
            "starts_on": self.date(row, "starts_on"),
            "planned_end_on": self.date(row, "planned_end_on"),
            "ended_on": self.date(row, "ended_on"),
            "is_confidential": self.boolean(row, "is_confidential"),
            "lead_person": lead_person,
        }
        fields["lead_organisation"] = self.organisation(lead_name) if lead_name else None
        fields["partners"] = [self.organisation(name) for name in self.parts(row, "partners")]
        action = action_create(contract=self.contract, by=self.by, **fields)
        self.failed_actions.discard(number)
        self.actions[number] = action
        self.counts["actions"] += 1
        self.created_actions.append(str(action))

    def write_indicator(self, row: Row):
        action = None
        action_number = self.text(row, "action")
        if action_number:
            if action_number in self.failed_actions:
                raise RowRefused(
                    "action", f"La fiche {action_number} est refusée dans la feuille « Actions »."
                )
            action = self.actions.get(action_number)
            if action is None:
                raise RowRefused("action", f"La fiche {action_number} est introuvable.")
        code = self.text(row, "code")
        if code:
            definition = IndicatorDefinition.objects.filter(code=code).first()
            if definition is None or not definition.is_available_to(self.contract):
                raise RowRefused(
                    "code", f"Le code « {code} » n'est pas dans le catalogue de ce contrat."
                )
        else:
            definition = indicator_definition_create_for_contract(
                contract=self.contract,
                name=self.text(row, "name", required=True, max_length=255),
                kind=self.choice(row, "kind"),
                unit=self.text(row, "unit", max_length=50),
                periodicity=self.choice(row, "periodicity", default=Periodicity.YEAR),
                direction=self.choice(row, "direction", default=Direction.UP),
                decimals=self.integer(row, "decimals") or 0,
                min_value=self.decimal(row, "min_value"),
                max_value=self.decimal(row, "max_value"),
                numerator_label=self.text(row, "numerator_label", max_length=255),
                denominator_label=self.text(row, "denominator_label", max_length=255),
                source=self.text(row, "source", max_length=255),
                geographic_level=self.choice(
                    row, "geographic_level", default=GeographicLevel.TERRITORY
                ),
            )
        indicator_create(
            contract=self.contract,
            definition=definition,
            action=action,
            by=self.by,
            baseline_value=self.decimal(row, "baseline_value"),
            baseline_on=self.date(row, "baseline_on"),
            target_value=self.decimal(row, "target_value"),
            target_on=self.date(row, "target_on"),
        )
        self.counts["indicators"] += 1

    def run(self):
        self.each("Axes", self.write_axis)
        # Parents before children, whatever the order of the rows.
        self.plan.rows["Objectifs"] = sorted(self.plan.rows.get("Objectifs", []), key=_level_depth)
        self.each("Objectifs", self.write_objective)
        self.each("Actions", self.write_action)
        self.each("Indicateurs", self.write_indicator)


@transaction.atomic
def action_plan_import(
    *, contract: Contract, plan: PlanFile, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Add the workbook's plan to `contract`, all or nothing.

    Every row goes through the domain services; a refused row is reported with its sheet, row
    and column, and then nothing is kept. With `dry_run`, nothing is kept either: it is the
    preview of what confirming would do. The import is recorded in the contract's history.
    """
    importer = _Importer(contract, plan, by)
    if not plan.problems:
        importer.run()
    result = ImportResult(
        problems=plan.problems,
        notices=list(dict.fromkeys(plan.notices)),
        counts=importer.counts,
        axes=importer.created_axes,
        actions=importer.created_actions,
    )
    if result.problems or dry_run:
        transaction.set_rollback(True)
        return result
    counts = importer.counts
    contract._history_user = by
    contract._change_reason = (
        f"Import Excel : {counts['axes']} axes, {counts['objectives']} objectifs, "
        f"{counts['actions']} fiches, {counts['indicators']} indicateurs"
    )
    contract.save(update_fields=["updated_at"])
    return result
