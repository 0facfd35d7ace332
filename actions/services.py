"""Writes on action sheets and what hangs off them: sheets, notes, milestones, funding lines,
documents, meetings.

Every service is atomic and validates with `full_clean()` before saving. Editing a sheet goes
through `action_update`, which refuses to overwrite changes the editor has not seen: the form
carries the `version` it was loaded with, and a stale version raises `ActionVersionConflict`
listing, field by field, what changed meanwhile (read from the action's history).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction

from actions.enums import ActionStatus
from actions.fields import LIST_FIELDS
from actions.models import Action, ActionDocument, ActionUpdate, FundingLine, Milestone
from actors.models import Organisation, Person, User
from contracts.enums import DocumentKind
from contracts.models import Contract, GovernanceBody, Meeting
from contracts.services import document_upload

# The history of an action keeps its own columns only, so a change to its lists (many-to-many
# fields) is written in the history row's change reason, after this prefix.
M2M_REASON_PREFIX = "listes : "
# Columns of a sheet that are not the user's content.
UNTRACKED_FIELDS = {"id", "contract", "version", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a sheet changed by someone else: its label and its values, as shown."""

    field: str
    label: str
    before: str
    after: str


class ActionVersionConflict(Exception):
    """The sheet was saved by someone else since the editor loaded it."""

    def __init__(self, *, action: Action, expected_version: int, changes, editors):
        self.action = action
        self.expected_version = expected_version
        self.changes: list[FieldChange] = changes
        self.editors: list[str] = editors
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = ", ".join(self.editors) or "une autre personne"
        return (
            f"Cette fiche a été modifiée par {who} pendant que vous la modifiiez : "
            "vos saisies n'ont pas été enregistrées, elles sont conservées dans le formulaire. "
            "Vérifiez ce qui a changé, puis enregistrez à nouveau."
        )


def _tracked_fields() -> list[models.Field]:
    return [
        field
        for field in Action._meta.concrete_fields
        if field.name not in UNTRACKED_FIELDS and field.name in _history_field_names()
    ]


def _history_field_names() -> set[str]:
    return {field.name for field in Action.history.model._meta.concrete_fields}


def _display(field: models.Field, value) -> str:
    """A field's value the way the sheet shows it."""
    if value in (None, ""):
        return "(vide)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(field, models.ForeignKey):
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else "(supprimé)"
    text = str(value)
    return text if len(text) <= 120 else f"{text[:117]}…"


def action_changes_since(action: Action, version: int) -> tuple[list[FieldChange], list[str]]:
    """What changed on `action` after `version`, field by field, and who changed it."""
    rows = list(
        Action.history.filter(id=action.pk, version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    base = [row for row in rows if row.version == version]
    later = [row for row in rows if row.version > version]
    if not base or not later:
        return [], []
    before, after = base[-1], later[-1]
    changes = []
    for field in _tracked_fields():
        old = getattr(before, field.attname)
        new = getattr(after, field.attname)
        if old != new:
            changes.append(
                FieldChange(
                    field=field.name,
                    label=str(field.verbose_name).capitalize(),
                    before=_display(field, old),
                    after=_display(field, new),
                )
            )
    # Many-to-many lists: their names are in the change reasons of the later rows.
    changed_lists = set()
    for row in later:
        reason = row.history_change_reason or ""
        if reason.startswith(M2M_REASON_PREFIX):
            changed_lists.update(reason.removeprefix(M2M_REASON_PREFIX).split(","))
    for name in LIST_FIELDS:
        if name in changed_lists:
            field = Action._meta.get_field(name)
            current = ", ".join(str(obj) for obj in getattr(action, name).all()) or "(vide)"
            changes.append(
                FieldChange(
                    field=name,
                    label=str(field.verbose_name).capitalize(),
                    before="(modifiée)",
                    after=current if len(current) <= 200 else f"{current[:197]}…",
                )
            )
    editors = list(
        dict.fromkeys(str(row.history_user) for row in later if row.history_user is not None)
    )
    return changes, editors


def _check_action_relations(contract: Contract, m2m: dict):
    """The objectives and communes of a sheet must belong to its contract."""
    errors = {}
    objectives = m2m.get("objectives")
    if objectives and any(o.axis.contract_id != contract.pk for o in objectives):
        errors["objectives"] = "Ces objectifs doivent appartenir au contrat de la fiche."
    communes = m2m.get("intervention_communes")
    if communes:
        allowed = set(contract.territory.communes.values_list("pk", flat=True))
        outside = [c.name for c in communes if c.pk not in allowed]
        if outside:
            errors["intervention_communes"] = (
                f"Ces communes sont en dehors du territoire du contrat : {', '.join(outside)}."
            )
    if errors:
        raise ValidationError(errors)


def _split(fields: dict) -> tuple[dict, dict]:
    m2m = {name: list(fields.pop(name)) for name in LIST_FIELDS if name in fields}
    return fields, m2m


def _save_new_lead(fields: dict):
    """A lead person typed in the form (not saved yet) is created with the sheet."""
    person = fields.get("lead_person")
    if isinstance(person, Person) and person.pk is None:
        person.full_clean()
        person.save()


@transaction.atomic
def action_create(*, contract: Contract, by: User | None = None, **fields) -> Action:
    """Create a sheet in `contract`, with its lists (objectives, partners, themes…)."""
    fields, m2m = _split(fields)
    _check_action_relations(contract, m2m)
    _save_new_lead(fields)
    action = Action(contract=contract, **fields)
    action._history_user = by
    action.full_clean()
    action.save()
    for name, objects in m2m.items():
        getattr(action, name).set(objects)
    if any(m2m.values()):
        # One more history row, so that version 1 in the history holds the initial lists too.
        action._change_reason = M2M_REASON_PREFIX + ",".join(n for n, o in m2m.items() if o)
        action.save(update_fields=["updated_at"])
    return action


def _lock(action: Action, expected_version: int) -> Action:
    """The sheet's row, locked until the end of the transaction, if nobody saved it since."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != expected_version:
        changes, editors = action_changes_since(current, expected_version)
        raise ActionVersionConflict(
            action=current, expected_version=expected_version, changes=changes, editors=editors
        )
    return current


def _save_new_version(action: Action, *, by: User | None, reason: str | None = None):
    action.version += 1
    action._history_user = by
    action._change_reason = reason
    action.full_clean()
    action.save()


@transaction.atomic
def action_update(*, action: Action, expected_version: int, by: User | None, **fields) -> Action:
    """Change a sheet's fields, unless someone saved it after `expected_version` was loaded.

    Raises `ActionVersionConflict` (nothing written) when the version is stale.
    """
    current = _lock(action, expected_version)
    fields, m2m = _split(fields)
    _check_action_relations(current.contract, m2m)
    _save_new_lead(fields)
    for name, value in fields.items():
        if name in UNTRACKED_FIELDS:
            raise ValidationError(f"Le champ « {name} » ne se modifie pas ainsi.")
        setattr(current, name, value)
    changed_lists = [
        name
        for name, objects in m2m.items()
        if {o.pk for o in objects} != set(getattr(current, name).values_list("pk", flat=True))
    ]
    # The lists are written before the row so that the new history row is the complete state.
    for name in changed_lists:
        getattr(current, name).set(m2m[name])
    reason = M2M_REASON_PREFIX + ",".join(changed_lists) if changed_lists else None
    _save_new_version(current, by=by, reason=reason)
    return current


@transaction.atomic
def action_note_add(
    *,
    action: Action,
    by: User,
    text: str,
    written_on: datetime.date | None = None,
    new_status: str = "",
) -> ActionUpdate:
    """Add a follow-up note; a status given with it becomes the sheet's status."""
    note = ActionUpdate(action=action, author=by, text=text, new_status=new_status)
    if written_on is not None:
        note.written_on = written_on
    note.full_clean()
    note.save()
    if new_status:
        current = Action.objects.select_for_update().get(pk=action.pk)
        if current.status != new_status:
            current.status = new_status
            _save_new_version(
                current,
                by=by,
                reason=f"Note de suivi : statut « {ActionStatus(new_status).label} »",
            )
            action.status, action.version = current.status, current.version
    return note


@transaction.atomic
def milestone_create(*, action: Action, title: str, **fields) -> Milestone:
    if "order" not in fields:
        last = action.milestones.aggregate(last=models.Max("order"))["last"]
        fields["order"] = (last or 0) + 1
    milestone = Milestone(action=action, title=title, **fields)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, **fields) -> Milestone:
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone) -> None:
    milestone.delete()


@transaction.atomic
def funding_line_create(*, action: Action, funder: Organisation, **fields) -> FundingLine:
    line = FundingLine(action=action, funder=funder, **fields)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def funding_line_update(*, line: FundingLine, **fields) -> FundingLine:
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def funding_line_delete(*, line: FundingLine) -> None:
    line.delete()


@transaction.atomic
def action_document_upload(*, action: Action, title: str, file, by: User) -> ActionDocument:
    """Attach a document to a sheet after checking its size and what its content really is."""
    document = ActionDocument(action=action, title=title, uploaded_by=by)
    document.attach(file)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def governance_body_create(
    *, contract: Contract, kind: str, name: str, description: str = ""
) -> GovernanceBody:
    body = GovernanceBody(contract=contract, kind=kind, name=name, description=description)
    body.full_clean()
    body.save()
    return body


@dataclass
class NewBody:
    """A governance body described in the meeting form, created with the meeting."""

    kind: str
    name: str


@transaction.atomic
def meeting_record(
    *,
    contract: Contract,
    body: GovernanceBody | NewBody,
    held_on: datetime.date,
    by: User,
    title: str = "",
    location: str = "",
    agenda: str = "",
    decisions: str = "",
    attendees=(),
    new_attendees: list[tuple[str, str]] = (),
    attending_organisations=(),
    reviewed_actions=(),
    minutes_file=None,
) -> Meeting:
    """Record a meeting of a body of `contract`: who came, what was decided, which actions
    were reviewed, and its minutes (stored with the contract's documents)."""
    _check_reviewed_actions(contract, reviewed_actions)
    meeting = Meeting(
        contract=contract,
        body=_meeting_body(contract, body),
        held_on=held_on,
        title=title,
        location=location,
        agenda=agenda,
        decisions=decisions,
    )
    if minutes_file is not None:
        meeting.minutes = _minutes_upload(meeting, minutes_file, by)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set([*attendees, *_people_create(new_attendees)])
    meeting.attending_organisations.set(attending_organisations)
    meeting.reviewed_actions.set(reviewed_actions)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    attendees=None,
    new_attendees: list[tuple[str, str]] = (),
    attending_organisations=None,
    reviewed_actions=None,
    minutes_file=None,
    by: User | None = None,
    **fields,
) -> Meeting:
    """Correct a meeting's fields and, when given, its lists (attendees, actions reviewed) and
    its minutes (a new file replaces them on the meeting; the former stay among the contract's
    documents)."""
    if reviewed_actions is not None:
        _check_reviewed_actions(meeting.contract, reviewed_actions)
    if "body" in fields:
        fields["body"] = _meeting_body(meeting.contract, fields["body"])
    for name, value in fields.items():
        setattr(meeting, name, value)
    if minutes_file is not None:
        meeting.minutes = _minutes_upload(meeting, minutes_file, by)
    meeting.full_clean()
    meeting.save()
    if attendees is not None or new_attendees:
        kept = meeting.attendees.all() if attendees is None else attendees
        meeting.attendees.set([*kept, *_people_create(new_attendees)])
    if attending_organisations is not None:
        meeting.attending_organisations.set(attending_organisations)
    if reviewed_actions is not None:
        meeting.reviewed_actions.set(reviewed_actions)
    return meeting


def _check_reviewed_actions(contract: Contract, actions) -> None:
    if any(action.contract_id != contract.pk for action in actions):
        raise ValidationError(
            {"reviewed_actions": "Les fiches examinées doivent appartenir au contrat."}
        )


def _meeting_body(contract: Contract, body: GovernanceBody | NewBody) -> GovernanceBody:
    if isinstance(body, NewBody):
        return governance_body_create(contract=contract, kind=body.kind, name=body.name)
    return body


def _people_create(names: list[tuple[str, str]]) -> list[Person]:
    people = []
    for first_name, last_name in names:
        person = Person(first_name=first_name, last_name=last_name)
        person.full_clean()
        person.save()
        people.append(person)
    return people


def _minutes_upload(meeting: Meeting, minutes_file, by: User | None):
    return document_upload(
        contract=meeting.contract,
        title=f"Compte rendu — {meeting.body.name} du {meeting.held_on:%d/%m/%Y}",
        kind=DocumentKind.MINUTES,
        file=minutes_file,
        by=by,
    )


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting recorded by mistake; its minutes stay among the contract's documents."""
    meeting.delete()
