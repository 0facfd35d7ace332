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
from django.urls import reverse

from actions.enums import ActionStatus
from actions.fields import LIST_FIELDS
from actions.models import Action, ActionDocument, ActionUpdate, FundingLine, Milestone
from actors.models import Organisation, Person, User
from actors.services import person_find_or_create, person_invite
from config.changes import LIST_REASON_PREFIX, FieldChange, RowChanges, list_changes
from config.french import plural
from contracts.enums import DocumentKind
from contracts.models import Contract, GovernanceBody, Meeting
from contracts.services import document_upload

# Columns of a sheet that are not the user's content.
UNTRACKED_FIELDS = {"id", "contract", "version", "created_at", "updated_at"}
# Rows written before `list_changes` existed named the lists changed after this prefix.
M2M_REASON_PREFIX = LIST_REASON_PREFIX


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


def _lists_between(rows) -> dict:
    """What successive changes did to the lists: each list as it was before the first, and
    after the last."""
    first, last = {}, {}
    for row in rows:
        for name, (before, after) in (row.list_changes or {}).items():
            first.setdefault(name, before)
            last[name] = after
    return {name: [first[name], after] for name, after in last.items()}


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
    columns = RowChanges(Action)
    columns.want(later[-1], base[-1])
    changes = columns.column_changes(later[-1], base[-1])
    changes += list_changes(Action, _lists_between(later))
    editors = list(
        dict.fromkeys(str(row.history_user) for row in later if row.history_user is not None)
    )
    return changes, editors


def keep_list_changes(sender, instance, history_instance, **kwargs):
    """Copy what a service did to a sheet's lists onto the history row being written
    (simple_history's `pre_create_historical_record`)."""
    history_instance.list_changes = getattr(instance, "_list_changes", None)


def _list_labels(objects) -> list[str]:
    return [str(obj) for obj in objects]


def _objectives_error(axis, objectives) -> str | None:
    """Why the objectives cannot be the sheet's, if they are not all of its axis."""
    outside = [str(o) for o in objectives if o.axis_id != axis.pk]
    if not outside:
        return None
    return (
        f"Ces objectifs ne relèvent pas de l'axe de la fiche ({axis}) : {', '.join(outside)}. "
        "Retirez-les, ou choisissez ceux de cet axe."
    )


def _check_action_relations(contract: Contract, m2m: dict, axis=None, objectives=()):
    """The objectives of a sheet belong to its axis, its communes to its contract's territory.
    `objectives` are the sheet's current ones, when the change does not give them."""
    errors = {}
    objectives = m2m.get("objectives", objectives)
    if axis is not None and (error := _objectives_error(axis, objectives)):
        errors["objectives"] = error
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


def _save_new_lead(fields: dict) -> str:
    """A lead person typed in the form (not saved yet) is created with the sheet, unless their
    address is already known: that person (and their account) is named instead. Returns the
    field that named the lead, for the messages about their address."""
    person = fields.get("lead_person")
    if not isinstance(person, Person) or person.pk is not None:
        return "lead_person"
    try:
        fields["lead_person"] = person_find_or_create(
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            job_title=person.job_title,
            organisation=person.organisation,
        )
    except ValidationError as error:
        raise ValidationError({"new_lead_email": error.message_dict["email"]}) from error
    return "new_lead_email"


def _lead_invite(action: Action, by: User | None, field: str) -> None:
    """A lead named with an e-mail address is invited, landing on their fiche (or told by
    e-mail, if they have an account)."""
    if action.lead_person is None:
        return
    try:
        person_invite(
            person=action.lead_person,
            by=by,
            about=f"lead:{action.pk}",
            purpose=f"piloter la fiche action {action.number} « {action.title} »"[:255],
            landing_url=reverse("action_sheet", args=[action.contract_id, action.pk]),
        )
    except ValidationError as error:
        raise ValidationError({field: error.message_dict["email"]}) from error


@transaction.atomic
def action_create(*, contract: Contract, by: User | None = None, **fields) -> Action:
    """Create a sheet in `contract`, with its lists (objectives, partners, themes…)."""
    fields, m2m = _split(fields)
    _check_action_relations(contract, m2m, fields.get("axis"))
    lead_field = _save_new_lead(fields)
    action = Action(contract=contract, **fields)
    action._history_user = by
    action.full_clean()
    action.save()
    _lead_invite(action, by, lead_field)
    lists = _lists_set(action, m2m)
    if lists:
        # One more history row, so that version 1 in the history holds the initial lists too.
        action._list_changes = lists
        action.save(update_fields=["updated_at"])
        del action._list_changes
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


def _save_new_version(
    action: Action, *, by: User | None, reason: str | None = None, lists: dict | None = None
):
    action.version += 1
    action._history_user = by
    action._change_reason = reason
    action._list_changes = lists or None
    action.full_clean()
    action.save()
    del action._list_changes


def _lists_set(action: Action, m2m: dict) -> dict:
    """Give the sheet the lists of `m2m` that differ from its own; what each was and became."""
    changed = {}
    for name, objects in m2m.items():
        current = list(getattr(action, name).all())
        if {o.pk for o in current} != {o.pk for o in objects}:
            getattr(action, name).set(objects)
            changed[name] = [_list_labels(current), _list_labels(objects)]
    return changed


@transaction.atomic
def action_update(*, action: Action, expected_version: int, by: User | None, **fields) -> Action:
    """Change a sheet's fields, unless someone saved it after `expected_version` was loaded.

    Raises `ActionVersionConflict` (nothing written) when the version is stale.
    """
    current = _lock(action, expected_version)
    previous_lead = current.lead_person_id
    fields, m2m = _split(fields)
    axis = fields.get("axis", current.axis)
    kept = () if "objectives" in m2m else current.objectives.all()
    _check_action_relations(current.contract, m2m, axis, kept)
    lead_field = _save_new_lead(fields)
    for name, value in fields.items():
        if name in UNTRACKED_FIELDS:
            raise ValidationError(f"Le champ « {name} » ne se modifie pas ainsi.")
        setattr(current, name, value)
    # The lists are written before the row so that the new history row is the complete state.
    _save_new_version(current, by=by, lists=_lists_set(current, m2m))
    if current.lead_person_id != previous_lead:
        _lead_invite(current, by, lead_field)
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
def action_document_update(*, document: ActionDocument, title: str) -> ActionDocument:
    document.title = title
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def action_document_delete(*, document: ActionDocument) -> None:
    """The record and its file; the history keeps who deposited what, and who removed it."""
    name = document.file.name
    document.delete()
    transaction.on_commit(lambda: document.file.storage.delete(name))


@transaction.atomic
def action_note_update(
    *, note: ActionUpdate, text: str, written_on: datetime.date, **ignored
) -> ActionUpdate:
    """Correct a note's text or date; the status it gave the sheet stays in the sheet's history."""
    note.text, note.written_on = text, written_on
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def action_note_delete(*, note: ActionUpdate) -> None:
    note.delete()


def action_removal_refusal(action: Action) -> str | None:
    """Why the sheet cannot be deleted, if it cannot: its funding and its validated values are
    part of the contract's record, so such a sheet is abandoned instead."""
    lines = action.funding_lines.count()
    validated = action.indicators.validated_values_count()
    held = [
        plural(lines, "ligne de financement,lignes de financement") if lines else "",
        plural(validated, "valeur validée,valeurs validées") if validated else "",
    ]
    if not lines and not validated:
        return None
    return (
        f"Cette fiche a {' et '.join(h for h in held if h)} : elle ne peut pas être supprimée. "
        "Passez-la au statut « Abandonnée » pour l'arrêter en gardant sa trace."
    )


@transaction.atomic
def action_delete(*, action: Action) -> None:
    """Remove a sheet entered by mistake, with its milestones, notes, documents, indicators and
    their values (refused for a sheet with funding or validated values: `action_removal_refusal`)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    refusal = action_removal_refusal(action)
    if refusal:
        raise ValidationError(refusal)
    files = list(action.documents.values_list("file", flat=True))
    action.delete()
    if files:
        storage = ActionDocument._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


@transaction.atomic
def action_abandon(*, action: Action, by: User | None) -> Action:
    """Stop a sheet for good while keeping its record: its status becomes « Abandonnée »."""
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.status != ActionStatus.ABANDONED:
        current.status = ActionStatus.ABANDONED
        _save_new_version(current, by=by)
    return current


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
