"""The fiches actions of an import: each row added, or compared field by field with the fiche
of the same number and updated through `action_update` (a new version, in its history)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.enums import FundingScheme
from actions.fields import EDITED_FIELDS, LIST_FIELDS, label, model_field
from actions.models import Action, Determinant, TargetGroup
from actions.services import (
    M2M_REASON_PREFIX,
    action_update,
    funding_line_create,
    funding_line_update,
)
from actors.models import Person
from contracts.models import Axis, Theme
from indicators.spreadsheets.importing import Change, ImportRun
from indicators.spreadsheets.parsing import RowCells, shown
from indicators.spreadsheets.reading import Problem, Row

# Fields named by a reference the import resolves itself.
REFERENCES = ("axis", "number", "objectives", "lead_organisation", "lead_person", "partners")
VOCABULARY_MODELS = {"target_groups": TargetGroup, "determinants": Determinant, "themes": Theme}
# Funders whose name says which scheme funds the action.
SCHEMES = [
    (re.compile(r"\bars\b|agence régionale de santé", re.I), FundingScheme.FIR),
    (re.compile(r"cpam|assurance maladie|\bmsa\b", re.I), FundingScheme.CPAM),
    (re.compile(r"politique de la ville|anct", re.I), FundingScheme.POLITIQUE_VILLE),
    (
        re.compile(r"commune|communaut|mairie|ville|département|région|conseil|epci", re.I),
        FundingScheme.COLLECTIVITE,
    ),
]
# Left as it is: an unknown person named by the file.
KEEP = object()
RELATIONS = ["contract", "axis", "lead_organisation", "lead_person"]
# The fiche's date rules (its check constraints), checked in Python with their messages.
DATE_RULES = [
    (*fields, next(c for c in Action._meta.constraints if c.name == name).violation_error_message)
    for name, fields in (
        ("action_planned_dates_in_order", ("starts_on", "planned_end_on")),
        ("action_dates_in_order", ("starts_on", "ended_on")),
    )
]


def write_action(run: ImportRun, row: Row):
    cells = run.cells(row)
    axis = run.axis(cells)
    number = _number(run, cells, axis)
    fields = _fields(run, cells, axis)
    funding = _funding_items(run, row)
    if run.refused(row, "Actions", cells) or not number or funding is None:
        run.failed_actions.add(number)
        return
    existing = run.actions.get(number)
    if existing is None:
        action = new_action(run, number, fields)
        run.new_actions.append((action, _resolved(run, _lists(fields)), funding))
        run.record("Actions", str(action), [], created=True)
        return
    changed = _changed(run, existing, fields)
    action = existing
    if changed:
        action = action_update(
            action=existing,
            expected_version=existing.version,
            by=run.by,
            **_resolved(run, {name: fields[name] for name in changed}),
        )
    changes = [Change(label(n), before, after) for n, (before, after) in changed.items()]
    changes += _write_funding(run, action, funding)
    run.record("Actions", str(action), changes, created=False)
    run.actions[number] = action


# The number ---------------------------------------------------------------------------------


def _number(run: ImportRun, cells: RowCells, axis: Axis | None) -> str:
    """The fiche's number; in a layout without numbers, that of the contract's fiche of the
    same title, or the next free one in its axis (said in the preview)."""
    number = cells.text("number", required=run.plan.layout == "platform", max_length=20)
    if not number and axis is not None:
        title = cells.text("title").lower()
        same = [a for a in run.actions.values() if a.title.lower() == title]
        number = same[0].number if same else _next_number(run, axis)
        if not same:
            run.plan.guesses.append(
                f"Fiche « {cells.text('title')} » sans numéro : numéro {number} attribué."
            )
    if number and run.duplicate(cells, run.action_rows, number, f"La fiche {number}"):
        return ""
    return number


def _next_number(run: ImportRun, axis: Axis) -> str:
    taken = set(run.actions) | set(run.action_rows)
    rank = 1
    while f"{axis.number}.{rank}" in taken:
        rank += 1
    return f"{axis.number}.{rank}"


# The fields ---------------------------------------------------------------------------------


def _fields(run: ImportRun, cells: RowCells, axis: Axis | None) -> dict:
    """The fiche's values the file holds (a layout without a column leaves that field alone).
    Organisations are kept as names: they are created only when the row is written."""
    fields = {"axis": axis} if axis is not None else {}
    for name in EDITED_FIELDS:
        if name not in REFERENCES and cells.has(name):
            fields[name] = _cell(run, cells, name)
    if cells.row.data.get("sub_actions"):
        items = "\n".join(f"- {item}" for item in cells.row.data["sub_actions"])
        fields["description"] = (
            f"{fields.get('description', '')}\n\nSous-actions :\n{items}".strip()
        )
    if cells.has("objectives") and axis is not None:
        fields["objectives"] = _objectives(run, cells, axis)
    if cells.has("lead_organisation"):
        fields["lead_organisation"] = cells.text("lead_organisation", max_length=255)
    if cells.has("partners"):
        fields["partners"] = cells.parts("partners")
    for code in fields.get("intervention_communes", []):
        if code not in run.communes():
            cells.refuse(
                "intervention_communes",
                f"La commune {code} n'est pas dans le territoire du contrat.",
            )
    if cells.has("lead_person"):
        person = _lead_person(run, cells)
        if person is not KEEP:
            fields["lead_person"] = person
    return fields


def _cell(run: ImportRun, cells: RowCells, name: str):
    field = model_field(name)
    if field.many_to_many and name not in VOCABULARY_MODELS:
        return cells.parts(name)
    if field.many_to_many:
        terms = run.terms(name, VOCABULARY_MODELS[name])
        return [terms[code] for code in cells.codes(name)]
    if field.choices:
        return cells.choice(name, default=field.default)
    if isinstance(field, models.DateField):
        return cells.date(name)
    if isinstance(field, models.BooleanField):
        return cells.boolean(name)
    return cells.text(name, required=not field.blank, max_length=field.max_length)


def _objectives(run: ImportRun, cells: RowCells, axis: Axis) -> list:
    objectives = []
    for reference in cells.parts("objectives"):
        objective = run.find_objective(axis.pk, reference)
        if objective is None:
            cells.refuse("objectives", f"L'objectif « {reference} » est introuvable.")
        else:
            objectives.append(objective)
    return objectives


def _lead_person(run: ImportRun, cells: RowCells):
    """The person a cell names by e-mail address or by name; KEEP (and a notice) if unknown."""
    text = cells.text("lead_person")
    if not text:
        return None
    people = Person.objects.order_by("id")
    if "@" in text:
        person = people.filter(email__iexact=text).first()
    else:
        person = next(
            (p for p in people.filter(last_name__iexact=text.split()[-1]) if _named(p, text)),
            None,
        )
    if person is None:
        run.plan.notices.append(
            f"Ligne {cells.row.number} : aucune personne connue pour « {text} » ; le référent "
            "est laissé tel quel."
        )
        return KEEP
    return person


def _named(person: Person, text: str) -> bool:
    return f"{person.first_name} {person.last_name}".lower() == " ".join(text.split()).lower()


# Comparing and writing ----------------------------------------------------------------------


def _current(run: ImportRun, action: Action, name: str):
    """The fiche's `name` as the import compares it: pks for lists, names for organisations."""
    if name == "partners":
        pks = set(run.lists["partners"].get(action.pk, []))
        return {o.name.lower() for o in run.organisations.values() if o.pk in pks}
    if name == "lead_organisation":
        return action.lead_organisation.name.lower() if action.lead_organisation else ""
    if name == "intervention_communes":
        codes = action.intervention_communes.values_list("code", flat=True)
        return set(codes)
    if name in LIST_FIELDS:
        return set(run.lists[name].get(action.pk, []))
    return getattr(action, name)


def _compared(name: str, value):
    if name == "partners":
        return {n.lower() for n in value}
    if name == "lead_organisation":
        return value.lower()
    if name == "intervention_communes":
        return set(value)
    if name in LIST_FIELDS:
        return {item.pk for item in value}
    return value


def _changed(run: ImportRun, action: Action, fields: dict) -> dict[str, tuple[str, str]]:
    """The fields whose value differs from the fiche's, with their value before and after."""
    changed = {}
    for name, value in fields.items():
        if _current(run, action, name) != _compared(name, value):
            changed[name] = (_before(action, name), shown(_after(name, value)))
    return changed


def _before(action: Action, name: str) -> str:
    field = model_field(name)
    if field.many_to_many:
        return shown([str(item) for item in getattr(action, name).all()])
    if field.choices:
        return shown(getattr(action, f"get_{name}_display")())
    return shown(getattr(action, name))


def _after(name: str, value):
    field = model_field(name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.many_to_many and name not in ("partners", "intervention_communes"):
        return [str(item) for item in value]
    return value


def _resolved(run: ImportRun, fields: dict) -> dict:
    """The fields as the services take them: organisations and communes as objects."""
    resolved = dict(fields)
    if "lead_organisation" in fields:
        name = fields["lead_organisation"]
        resolved["lead_organisation"] = run.organisation(name) if name else None
    if "partners" in fields:
        resolved["partners"] = [run.organisation(name) for name in fields["partners"]]
    if "intervention_communes" in fields:
        communes = run.communes()
        resolved["intervention_communes"] = [communes[c] for c in fields["intervention_communes"]]
    return resolved


# New fiches ---------------------------------------------------------------------------------


def _lists(fields: dict) -> dict:
    return {name: value for name, value in fields.items() if name in LIST_FIELDS and value}


def new_action(run: ImportRun, number: str, fields: dict) -> Action:
    """A new fiche, checked as `action_create` checks it, written later with the others
    (`write_new_actions`)."""
    scalars = _resolved(run, {n: v for n, v in fields.items() if n not in LIST_FIELDS})
    action = Action(contract=run.contract, number=number, **scalars)
    # Its references are the contract's own, read by the import, and its number is new to the
    # contract and unique in the file: what is left to check needs no query.
    action.full_clean(exclude=RELATIONS, validate_unique=False, validate_constraints=False)
    errors = {
        second: message
        for first, second, message in DATE_RULES
        if getattr(action, first)
        and getattr(action, second)
        and getattr(action, first) > getattr(action, second)
    }
    if errors:
        raise ValidationError(errors)
    action._history_user = run.by
    return action


def write_new_actions(run: ImportRun):
    """Write the file's new fiches at once, with their lists and their history: a fiche at a
    time, a plan of 2,000 would take minutes."""
    if not run.new_actions:
        return
    for action, lists, _ in run.new_actions:
        names = [name for name in LIST_FIELDS if lists.get(name)]
        action._change_reason = M2M_REASON_PREFIX + ",".join(names) if names else None
    actions = [action for action, _, _ in run.new_actions]
    bulk_create_with_history(actions, Action, batch_size=500, default_user=run.by)
    for name in LIST_FIELDS:
        field = model_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = [
            through(**{f"{source}_id": action.pk, f"{target}_id": item.pk})
            for action, lists, _ in run.new_actions
            for item in lists.get(name, [])
        ]
        through.objects.bulk_create(links, batch_size=1000)
    for action, _, funding in run.new_actions:
        run.actions[action.number] = action
        _write_funding(run, action, funding)
    run.new_actions = []


# Funding ------------------------------------------------------------------------------------


def _funding_items(run: ImportRun, row: Row) -> list[tuple[str, Decimal]] | None:
    """The funders and amounts of a layout that has them (Territoires en Transitions); None
    if an amount is not a number (reported in its own column)."""
    items, refused = [], False
    for item in row.data.get("funding", []):
        cells = RowCells(Row(row.sheet, row.number, {"amount": item["amount"]}, {}), {})
        amount = cells.decimal("amount") or Decimal(0)
        for _, message in cells.errors:
            column = f"{item['letter']} ({item['header']})"
            run.plan.problems.append(Problem(row.sheet, row.number, column, message))
            refused = True
        items.append((item["funder"], amount))
    return None if refused else items


def _write_funding(run: ImportRun, action: Action, funding: list) -> list[Change]:
    """A funding line per funder, for the year the fiche starts: added, or its planned amount
    updated."""
    if not funding:
        return []
    changes = []
    year = _funding_year(run, action)
    lines = {(line.funder.name.lower(), line.year): line for line in action.funding_lines.all()}
    for name, amount in funding:
        funder = run.organisation(name)
        line = lines.get((funder.name.lower(), year))
        what = f"Financement {funder.name} {year}"
        if line is None:
            funding_line_create(
                action=action,
                funder=funder,
                year=year,
                scheme=_scheme(funder.name),
                planned_amount=amount,
            )
            changes.append(Change(what, "(vide)", shown(amount)))
        elif line.planned_amount != amount:
            changes.append(Change(what, shown(line.planned_amount), shown(amount)))
            funding_line_update(line=line, planned_amount=amount)
    return changes


def _funding_year(run: ImportRun, action: Action) -> int:
    start = action.starts_on or run.contract.starts_on
    return start.year if start else timezone.localdate().year


def _scheme(funder: str) -> str:
    return next(
        (scheme for pattern, scheme in SCHEMES if pattern.search(funder)), FundingScheme.OTHER
    )
