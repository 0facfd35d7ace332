"""Importing a workbook read by `plan_read` into a contract, through the domain services."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from actions.fields import EDITED_FIELDS, model_field
from actions.models import Action
from actions.services import action_create
from actors.enums import OrganisationKind
from actors.models import Organisation, Person, User
from contracts.models import Axis, Contract, Objective
from contracts.services import axis_create, objective_create
from indicators.enums import Direction, GeographicLevel, Periodicity
from indicators.forms import parse_french_decimal
from indicators.models import IndicatorDefinition
from indicators.services import indicator_create, indicator_definition_create_for_contract
from indicators.spreadsheets.layout import (
    ACTION_REFERENCES,
    LEVEL_DEPTH,
    LIST_SEPARATOR,
    SHEETS,
    objective_level,
    vocabulary_lookups,
)
from indicators.spreadsheets.reading import PlanFile, Problem, Row, cell_text

YES = {"oui", "o", "vrai", "x", "1", "yes", "true"}
NO = {"non", "n", "faux", "0", "no", "false", ""}


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


def _level_depth(row: Row) -> int:
    return LEVEL_DEPTH.get(objective_level(cell_text(row.data.get("level"))), 0)


class RowRefused(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


class _Importer:
    """One run of an import into a contract: resolves references, writes through services."""

    def __init__(self, contract: Contract, plan: PlanFile, by: User | None):
        self.contract, self.plan, self.by = contract, plan, by
        self.vocabularies = vocabulary_lookups()
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
        text = cell_text(row.data.get(key))
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
        if value is None or cell_text(value) == "":
            return None
        if isinstance(value, int | float):
            return Decimal(str(value))
        try:
            return parse_french_decimal(cell_text(value))
        except ValidationError as error:
            raise RowRefused(key, " ".join(error.messages)) from error

    def date(self, row: Row, key: str) -> datetime.date | None:
        value = row.data.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
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
        code = objective_level(text)
        if code is None:
            raise RowRefused("level", f"« {text} » : écrivez général, spécifique ou opérationnel.")
        return code

    def write_action(self, row: Row):
        number = self.text(row, "number", required=True, max_length=20)
        if number in self.actions or number in self.failed_actions:
            raise RowRefused(
                "number", f"La fiche {number} existe déjà (dans le contrat ou plus haut)."
            )
        self.failed_actions.add(number)
        axis = self.axis(row)
        fields = {
            "axis": axis,
            "number": number,
            "objectives": self.action_objectives(row, axis),
            "lead_person": self.lead_person(row, number),
            "intervention_communes": self.intervention_communes(row),
            **self.action_cells(row),
        }
        # Organisations last: they are created only for a row read without a problem.
        lead_name = self.text(row, "lead_organisation")
        fields["lead_organisation"] = self.organisation(lead_name) if lead_name else None
        fields["partners"] = [self.organisation(name) for name in self.parts(row, "partners")]
        action = action_create(contract=self.contract, by=self.by, **fields)
        self.failed_actions.discard(number)
        self.actions[number] = action
        self.counts["actions"] += 1
        self.created_actions.append(str(action))

    def action_objectives(self, row: Row, axis: Axis) -> list[Objective]:
        objectives = []
        for reference in self.parts(row, "objectives"):
            objective = self.find_objective(axis.pk, reference)
            if objective is None:
                raise RowRefused("objectives", f"L'objectif « {reference} » est introuvable.")
            objectives.append(objective)
        return objectives

    def lead_person(self, row: Row, number: str) -> Person | None:
        """The person known by the cell's e-mail address; none (with a notice) if unknown."""
        email = self.text(row, "lead_person")
        if not email:
            return None
        person = Person.objects.filter(email__iexact=email).order_by("id").first()
        if person is None:
            self.plan.notices.append(
                f"Fiche {number} : aucune personne connue à l'adresse {email} ; "
                "le référent est laissé vide."
            )
        return person

    def intervention_communes(self, row: Row) -> list:
        communes = []
        for code in self.parts(row, "intervention_communes"):
            if code not in self.communes:
                raise RowRefused(
                    "intervention_communes",
                    f"La commune {code} n'est pas dans le territoire du contrat.",
                )
            communes.append(self.communes[code])
        return communes

    def action_cells(self, row: Row) -> dict:
        """The fiche's own values (texts, vocabularies, dates, flag), in the sheet's order."""
        return {
            name: self.action_cell(row, name)
            for name in EDITED_FIELDS
            if name != "number" and name not in ACTION_REFERENCES
        }

    def action_cell(self, row: Row, name: str):
        field = model_field(name)
        if field.many_to_many:
            return self.choices(row, name, field.related_model)
        if field.choices:
            return self.choice(row, name, default=field.default)
        if isinstance(field, models.DateField):
            return self.date(row, name)
        if isinstance(field, models.BooleanField):
            return self.boolean(row, name)
        return self.text(row, name, required=not field.blank, max_length=field.max_length)

    def write_indicator(self, row: Row):
        action = self.indicator_action(row)
        indicator_create(
            contract=self.contract,
            definition=self.indicator_definition(row),
            action=action,
            by=self.by,
            baseline_value=self.decimal(row, "baseline_value"),
            baseline_on=self.date(row, "baseline_on"),
            target_value=self.decimal(row, "target_value"),
            target_on=self.date(row, "target_on"),
        )
        self.counts["indicators"] += 1

    def indicator_action(self, row: Row) -> Action | None:
        number = self.text(row, "action")
        if not number:
            return None
        if number in self.failed_actions:
            raise RowRefused(
                "action", f"La fiche {number} est refusée dans la feuille « Actions »."
            )
        action = self.actions.get(number)
        if action is None:
            raise RowRefused("action", f"La fiche {number} est introuvable.")
        return action

    def indicator_definition(self, row: Row) -> IndicatorDefinition:
        """The catalogue's definition of the row's code; without a code, a new one of the
        contract's own, from the row's definition columns."""
        code = self.text(row, "code")
        if code:
            definition = IndicatorDefinition.objects.filter(code=code).first()
            if definition is None or not definition.is_available_to(self.contract):
                raise RowRefused(
                    "code", f"Le code « {code} » n'est pas dans le catalogue de ce contrat."
                )
            return definition
        return indicator_definition_create_for_contract(
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
