"""Importing a workbook read by `plan_read` into a contract, through the domain services.

An import adds what is new and updates what changed: axes are matched by their number,
objectives by their axis and number (or title), fiches actions by their number, indicators by
their catalogue code (or name) and fiche, values by indicator and period. The result says, per
sheet, what is added, what changes (field by field, before → after), what is unchanged and what
the platform holds that the file does not. That last part is left alone, unless the user asks
to remove it (`remove_missing`): see `removal`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.fields import LIST_FIELDS
from actions.selectors import linked_values
from actors.enums import OrganisationKind
from actors.models import Organisation, User
from contracts.models import Axis, Contract, Objective
from contracts.services import axis_create, objective_create
from indicators.spreadsheets.layout import LEVEL_DEPTH, SHEETS, objective_level, vocabulary_lookups
from indicators.spreadsheets.parsing import RowCells, RowRefused, shown
from indicators.spreadsheets.reading import PlanFile, Problem, Row, cell_text

SHEET_TITLES = {
    "Axes": "Axes",
    "Objectifs": "Objectifs",
    "Actions": "Fiches actions",
    "Indicateurs": "Indicateurs",
    "Valeurs": "Valeurs",
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass
class Changed:
    item: str
    changes: list[Change]


@dataclass
class SheetReport:
    """What the import does to one kind of element."""

    name: str
    added: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return SHEET_TITLES[self.name]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ImportResult:
    problems: list[Problem]
    notices: list[str]
    sheets: list[SheetReport]
    layout: str = "platform"
    guesses: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return any(sheet.has_changes for sheet in self.sheets)

    def sheet(self, name: str) -> SheetReport | None:
        return next((s for s in self.sheets if s.name == name), None)

    def summary(self) -> str:
        """« 2 axes, 3 fiches actions ajoutés ; 1 fiche action modifiée », for the message."""
        parts = []
        for sheet in self.sheets:
            counts = [
                (len(sheet.added), "ajout", "ajouts"),
                (len(sheet.changed), "modification", "modifications"),
                (len(sheet.removed), "suppression", "suppressions"),
            ]
            done = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
            if done:
                parts.append(f"{sheet.title.lower()} : {', '.join(done)}")
        return " ; ".join(parts) or "aucun changement"


class ImportRun:
    """One run of an import into a contract: what the contract holds, what the file matched,
    what it refused. The steps (`write_axis`, `actions.write_action`…) read and fill it."""

    def __init__(self, contract: Contract, plan: PlanFile, by: User | None, on_row=None):
        self.contract, self.plan, self.by = contract, plan, by
        self.on_row = on_row or (lambda: None)
        self.vocabularies = vocabulary_lookups()
        self.reports = {name: SheetReport(name) for name in SHEETS if plan.has_sheet(name)}
        self.axes = {axis.number: axis for axis in contract.axes.all()}
        self.axis_rows: dict[int, int] = {}
        self.failed_axes: set[int] = set()
        self.objectives = list(
            Objective.objects.filter(axis__contract=contract).select_related("axis", "parent")
        )
        self.seen_objectives: set[int] = set()
        actions = contract.actions.select_related("axis", "lead_organisation", "lead_person")
        self.actions = {action.number: action for action in actions}
        self.action_rows: dict[str, int] = {}
        self.failed_actions: set[str] = set()
        self.lists = {
            name: linked_values(self.actions_ids(), name, ("pk",)) for name in LIST_FIELDS
        }
        self.organisations = {o.name.lower(): o for o in Organisation.objects.order_by("-id")}
        self.new_organisations: set[str] = set()
        self._communes = None
        self._terms: dict[str, dict] = {}
        self.new_actions: list = []

    def terms(self, name: str, model) -> dict:
        """The terms of a fixed vocabulary by code (read once)."""
        if name not in self._terms:
            self._terms[name] = {term.pk: term for term in model.objects.all()}
        return self._terms[name]

    def communes(self) -> dict:
        """The communes of the contract's territory, by INSEE code (read once)."""
        if self._communes is None:
            self._communes = {c.code: c for c in self.contract.territory.communes.all()}
        return self._communes

    def actions_ids(self) -> list[int]:
        return [action.pk for action in self.actions.values()]

    def report(self, sheet: str) -> SheetReport:
        return self.reports[sheet]

    # Rows ----------------------------------------------------------------------------------

    def each(self, sheet: str, write):
        """Write each row of `sheet` in a savepoint of its own, every refusal reported."""
        for row in self.plan.rows.get(sheet, []):
            try:
                with transaction.atomic():
                    write(row)
            except RowRefused as refusal:
                self.plan.problem(row, sheet, refusal.key, refusal.message)
            except ValidationError as error:
                self.validation_problems(row, sheet, error)
            self.on_row()

    def cells(self, row: Row) -> RowCells:
        return RowCells(row, self.vocabularies)

    def refused(self, row: Row, sheet: str, cells: RowCells) -> bool:
        """Report the cells `cells` could not read; whether there were any."""
        for key, message in cells.errors:
            self.plan.problem(row, sheet, key, message)
        return bool(cells.errors)

    def validation_problems(self, row: Row, sheet: str, error: ValidationError):
        keys = {c.key for c in SHEETS[sheet]}
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.plan.problem(row, sheet, key if key in keys else "", message)
        else:
            for message in error.messages:
                self.plan.problem(row, sheet, "", message)

    def record(self, sheet: str, item: str, changes: list[Change], created: bool):
        report = self.report(sheet)
        if created:
            report.added.append(item)
        elif changes:
            report.changed.append(Changed(item, changes))
        else:
            report.unchanged += 1

    def organisation(self, name: str) -> Organisation:
        """The organisation of that name, created if the platform has none."""
        organisation = self.organisations.get(name.lower())
        if organisation is None:
            organisation = Organisation(name=name, kind=OrganisationKind.OTHER)
            organisation.full_clean()
            organisation.save()
            self.organisations[name.lower()] = organisation
            self.new_organisations.add(name.lower())
            self.plan.notices.append(f"L'organisation « {name} » sera créée.")
        return organisation

    # Axes ----------------------------------------------------------------------------------

    def axis(self, cells: RowCells, key="axis") -> Axis | None:
        """The axis a row names by its number: in the file or in the contract."""
        if not cell_text(cells.row.data.get(key)):
            cells.refuse(key, "L'axe manque : indiquez le numéro de l'axe de cet élément.")
            return None
        number = cells.integer(key)
        if number is None:
            return None
        if number in self.failed_axes:
            cells.refuse(key, f"L'axe {number} est refusé plus haut dans le fichier.")
            return None
        if number not in self.axes:
            cells.refuse(key, f"L'axe {number} n'existe ni dans le fichier ni dans le contrat.")
            return None
        return self.axes[number]

    def duplicate(self, cells: RowCells, seen: dict, key, what: str) -> bool:
        """Whether `key` was on an earlier row of the file (reported on this one)."""
        if key in seen:
            cells.refuse("number", f"{what} figure déjà à la ligne {seen[key]} du fichier.")
            return True
        seen[key] = cells.row.number
        return False

    def write_axis(self, row: Row):
        cells = self.cells(row)
        number = cells.integer("number", required=True)
        fields = {"title": cells.text("title", required=True, max_length=255)}
        if cells.has("description"):
            fields["description"] = cells.text("description")
        if number is not None and self.duplicate(cells, self.axis_rows, number, "Cet axe"):
            number = None
        if self.refused(row, "Axes", cells) or number is None:
            if number is not None:
                self.failed_axes.add(number)
            return
        axis = self.axes.get(number)
        if axis is None:
            self.axes[number] = axis_create(contract=self.contract, number=number, **fields)
            self.record("Axes", str(self.axes[number]), [], created=True)
            return
        changes = self.apply(axis, fields, {"title": "Intitulé", "description": "Description"})
        self.record("Axes", str(axis), changes, created=False)

    def apply(self, instance, fields: dict, labels: dict) -> list[Change]:
        """Set the changed `fields` of `instance` and save it; the changes."""
        changes = [
            Change(labels[name], shown(getattr(instance, name)), shown(value))
            for name, value in fields.items()
            if getattr(instance, name) != value
        ]
        if changes:
            for name, value in fields.items():
                setattr(instance, name, value)
            instance._history_user = self.by
            instance.full_clean()
            instance.save()
        return changes

    # Objectives ----------------------------------------------------------------------------

    def find_objective(self, axis_id: int | None, reference: str) -> Objective | None:
        """The objective a cell names by its number or title, in the axis first."""
        pools = [o for o in self.objectives if o.axis_id == axis_id], self.objectives
        for pool in pools:
            for attribute in ("number", "title"):
                for objective in pool:
                    if getattr(objective, attribute) and getattr(objective, attribute) == reference:
                        return objective
        return None

    def matched_objective(self, axis: Axis, number: str, title: str) -> Objective | None:
        for objective in self.objectives:
            if objective.axis_id != axis.pk:
                continue
            if (number and objective.number == number) or (
                not number and objective.title.lower() == title.lower()
            ):
                return objective
        return None

    def objective_fields(self, cells: RowCells, axis: Axis | None) -> dict:
        fields = {
            "level": cells.level(),
            "title": cells.text("title", required=True, max_length=500),
            "parent": None,
        }
        if cells.has("description"):
            fields["description"] = cells.text("description")
        reference = cells.text("parent")
        if reference and axis is not None:
            parent = self.find_objective(axis.pk, reference)
            if parent is None or parent.axis_id != axis.pk:
                cells.refuse(
                    "parent", f"L'objectif parent « {reference} » est introuvable dans cet axe."
                )
            fields["parent"] = parent
        return fields

    def write_objective(self, row: Row):
        cells = self.cells(row)
        axis = self.axis(cells)
        number = cells.text("number", max_length=20)
        fields = self.objective_fields(cells, axis)
        if self.refused(row, "Objectifs", cells):
            return
        objective = self.matched_objective(axis, number, fields["title"])
        if objective is not None and objective.pk in self.seen_objectives:
            raise RowRefused("number", "Cet objectif figure déjà plus haut dans le fichier.")
        if objective is None:
            objective = objective_create(axis=axis, number=number, **fields)
            self.objectives.append(objective)
            self.record("Objectifs", str(objective), [], created=True)
        else:
            labels = {
                "level": "Niveau",
                "title": "Intitulé",
                "parent": "Objectif parent",
                "description": "Description",
            }
            changes = self.apply(objective, fields, labels)
            self.record("Objectifs", str(objective), changes, created=False)
        self.seen_objectives.add(objective.pk)


def _level_depth(row: Row) -> int:
    return LEVEL_DEPTH.get(objective_level(cell_text(row.data.get("level"))), 0)


def _run(run: ImportRun, remove_missing: bool):
    # Imported here: each step module works on an `ImportRun`, defined above.
    from indicators.spreadsheets import action_rows, indicator_rows, removal

    run.each("Axes", run.write_axis)
    # Parents before children, whatever the order of the rows.
    if run.plan.has_sheet("Objectifs"):
        run.plan.rows["Objectifs"].sort(key=_level_depth)
    run.each("Objectifs", run.write_objective)
    run.each("Actions", lambda row: action_rows.write_action(run, row))
    if not run.plan.problems:
        action_rows.write_new_actions(run)
    indicator_rows.write_indicators(run)
    removal.missing_report(run, remove=remove_missing)


@transaction.atomic
def action_plan_import(
    *,
    contract: Contract,
    plan: PlanFile,
    by: User | None,
    dry_run: bool = False,
    remove_missing: bool = False,
    on_row=None,
) -> ImportResult:
    """Bring the workbook's plan into `contract`, all or nothing.

    Every row goes through the domain services; a refused row is reported with its sheet, row
    and column, and then nothing is kept. With `dry_run`, nothing is kept either: it is the
    preview of what confirming would do. `on_row` is called after each row (progress). The
    import is recorded in the contract's history.
    """
    run = ImportRun(contract, plan, by, on_row)
    if not plan.problems:
        _run(run, remove_missing)
    result = ImportResult(
        problems=plan.problems,
        notices=list(dict.fromkeys(plan.notices)),
        sheets=list(run.reports.values()),
        layout=plan.layout,
        guesses=plan.guesses,
        unmapped=plan.unmapped,
    )
    if result.problems or dry_run:
        transaction.set_rollback(True)
        return result
    contract._history_user = by
    contract._change_reason = f"Import Excel : {result.summary()}"[:100]
    contract.save(update_fields=["updated_at"])
    return result
