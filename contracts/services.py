"""Writes on contracts that span several rows: creation, lifecycle, signatories, axes,
amendments, documents (coordination: `contracts.coordination`).

Every service is atomic and validates with `full_clean()` before saving, so the rules hold
whichever door (web UI, API, import, task, demo) the write comes through.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actors.enums import OrganisationKind
from actors.models import Organisation, Person, User
from actors.services import person_find_or_create, person_invite
from config.french import plural
from contracts.enums import ContractStatus, TerritoryChoiceMode
from contracts.models import (
    Amendment,
    Axis,
    Contract,
    Diagnosis,
    Document,
    Finding,
    GovernanceBody,
    Objective,
    Signatory,
)
from territories.enums import TerritoryKind
from territories.models import Commune, Departement, Epci, Territory
from territories.services import (
    territory_create_from_communes,
    territory_create_from_departement,
    territory_create_from_epci,
)


@dataclass
class TerritoryChoice:
    """How a user described a contract's territory: communes, an EPCI, or a département."""

    mode: str
    name: str = ""
    communes: list[Commune] = field(default_factory=list)
    epci: Epci | None = None
    departement: Departement | None = None
    kind: str = TerritoryKind.CUSTOM

    def build(self) -> Territory:
        if self.mode == TerritoryChoiceMode.EPCI:
            return territory_create_from_epci(epci=self.epci, name=self.name or None)
        if self.mode == TerritoryChoiceMode.DEPARTEMENT:
            return territory_create_from_departement(
                departement=self.departement, name=self.name or None
            )
        kind = (
            TerritoryKind.COMMUNE
            if len(self.communes) == 1 and self.kind == TerritoryKind.CUSTOM
            else self.kind
        )
        name = self.name or ", ".join(commune.name for commune in self.communes[:3])
        return territory_create_from_communes(name=name, kind=kind, communes=self.communes)


@transaction.atomic
def contract_create(
    *,
    title: str,
    territory: Territory | TerritoryChoice,
    ars: Organisation,
    predecessor: Contract | None = None,
    **fields,
) -> Contract:
    """Create a contract; a renewal takes the next generation after its predecessor."""
    if ars.kind != OrganisationKind.ARS:
        raise ValidationError({"ars": "Le contrat doit être porté par une ARS."})
    if isinstance(territory, TerritoryChoice):
        territory = territory.build()
    if predecessor is not None:
        fields["generation"] = predecessor.generation + 1
    contract = Contract(
        title=title, territory=territory, ars=ars, predecessor=predecessor, **fields
    )
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_update(
    *, contract: Contract, territory: TerritoryChoice | None = None, **fields
) -> Contract:
    """Change a contract's fields, and its territory when a new one is described."""
    if territory is not None:
        contract.territory = territory.build()
    for name, value in fields.items():
        setattr(contract, name, value)
    contract.full_clean()
    contract.save()
    return contract


def contract_transition_blockers(*, contract: Contract, to_status: str) -> list[str]:
    """Why the contract cannot move to `to_status`, in French; empty when it can."""
    if not contract.can_move_to(to_status):
        return [
            f"Un contrat à l'étape « {contract.get_status_display()} » ne peut pas passer à "
            f"« {ContractStatus(to_status).label} »."
        ]
    if to_status == ContractStatus.SIGNED:
        return contract.signature_blockers()
    if to_status == ContractStatus.RENEWED and not hasattr(contract, "successor"):
        return ["Un contrat est renouvelé en créant le contrat qui lui succède."]
    return []


@transaction.atomic
def contract_transition(*, contract: Contract, to_status: str) -> Contract:
    """Move a contract along its lifecycle, refusing moves the lifecycle does not allow."""
    blockers = contract_transition_blockers(contract=contract, to_status=to_status)
    if blockers:
        raise ValidationError(blockers)
    contract.status = to_status
    contract._change_reason = f"Passage à l'étape « {ContractStatus(to_status).label} »"
    contract.full_clean()
    contract.save(update_fields=["status", "updated_at"])
    return contract


@transaction.atomic
def contract_renew(
    *,
    contract: Contract,
    title: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Contract:
    """Open the next generation of a contract on the same territory; the old one is renewed."""
    if hasattr(contract, "successor"):
        raise ValidationError("Ce contrat a déjà été renouvelé.")
    if not contract.can_move_to(ContractStatus.RENEWED):
        raise ValidationError(
            f"Un contrat à l'étape « {contract.get_status_display()} » ne peut pas encore être renouvelé : "
            "il doit être en évaluation ou terminé."
        )
    successor = contract_create(
        title=title,
        territory=contract.territory,
        ars=contract.ars,
        predecessor=contract,
        kind=contract.kind,
        status=ContractStatus.SCOPING,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    contract.refresh_from_db()
    contract_transition(contract=contract, to_status=ContractStatus.RENEWED)
    return successor


@transaction.atomic
def signatory_add(*, contract: Contract, organisation: Organisation, **fields) -> Signatory:
    signatory = Signatory(contract=contract, organisation=organisation, **fields)
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_add_described(
    *,
    contract: Contract,
    organisation: Organisation | None,
    new_organisation_name: str = "",
    new_organisation_kind: str = "",
    person_name: str = "",
    person_title: str = "",
    person_email: str = "",
    by: User | None = None,
    **fields,
) -> Signatory:
    """Add a signatory as typed in the form: an existing or new organisation, and its
    representative, invited when named with an e-mail address."""
    if organisation is None:
        name = new_organisation_name.strip()
        organisation, _ = Organisation.objects.get_or_create(
            name__iexact=name, kind=new_organisation_kind, defaults={"name": name}
        )
    person = None
    if person_name.strip():
        first_name, _, last_name = person_name.strip().partition(" ")
        person = _representative(
            first_name=first_name,
            last_name=last_name or first_name,
            email=person_email,
            job_title=person_title,
            organisation=organisation,
        )
    signatory = signatory_add(contract=contract, organisation=organisation, person=person, **fields)
    _representative_invite(signatory, by)
    return signatory


def _on_email_field(error: ValidationError) -> ValidationError:
    """The people services speak of `email`; the signatory forms call it `person_email`."""
    messages = error.message_dict.get("email") if hasattr(error, "error_dict") else None
    return ValidationError({"person_email": messages}) if messages else error


def _representative(**named) -> Person:
    """A representative named with an address is the person (and account) of that address if
    there is one; without an address, a new person."""
    if not named["email"]:
        return person_create(**{k: v for k, v in named.items() if k != "email"})
    try:
        return person_find_or_create(**named)
    except ValidationError as error:
        raise _on_email_field(error) from error


def _representative_invite(signatory: Signatory, by: User | None) -> None:
    """A representative named with an e-mail address is invited to the contract (or told, if
    they have an account); nothing is kept if the invitation is refused."""
    if signatory.person is None:
        return
    contract = signatory.contract
    try:
        person_invite(
            person=signatory.person,
            by=by,
            about=f"signatory:{signatory.pk}",
            purpose=f"représenter « {signatory.organisation} » au contrat « {contract.title} »"[
                :255
            ],
            landing_url=contract.get_absolute_url(),
        )
    except ValidationError as error:
        raise _on_email_field(error) from error


@transaction.atomic
def person_create(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    job_title: str = "",
    organisation: Organisation | None = None,
) -> Person:
    person = Person(
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        organisation=organisation,
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def amendment_add(
    *, contract: Contract, signed_on: datetime.date, subject: str, description: str = ""
) -> Amendment:
    """Record the next avenant of the contract."""
    last = contract.amendments.order_by("-number").values_list("number", flat=True).first() or 0
    amendment = Amendment(
        contract=contract,
        number=last + 1,
        signed_on=signed_on,
        subject=subject,
        description=description,
    )
    amendment.full_clean()
    amendment.save()
    return amendment


@transaction.atomic
def axis_create(*, contract: Contract, number: int, title: str, description: str = "") -> Axis:
    axis = Axis(
        contract=contract, number=number, title=title, description=description, order=number
    )
    axis.full_clean()
    axis.save()
    return axis


@transaction.atomic
def objective_create(
    *,
    axis: Axis,
    level: str,
    title: str,
    parent: Objective | None = None,
    number: str = "",
    description: str = "",
) -> Objective:
    objective = Objective(
        axis=axis, level=level, parent=parent, number=number, title=title, description=description
    )
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def document_upload(*, contract: Contract, title: str, kind: str, file, by: User) -> Document:
    """Store a document after checking its size and what its content really is."""
    document = Document(contract=contract, title=title, kind=kind, uploaded_by=by)
    document.attach(file)
    document.full_clean()
    document.save()
    return document


# --- Correcting and removing what the contract holds -------------------------------------------
# The people allowed to add a record (DESIGN.md §5) correct and remove it. A removal that
# would lose or orphan something is refused, with the way out in the message.


def contract_touch(contract: Contract) -> None:
    """The contract changed through one of its parts: tools syncing by `updated_since` see it."""
    Contract.objects.filter(pk=contract.pk).update(updated_at=timezone.now())


def _save(record):
    """Validate then save a corrected record, and tell its contract."""
    record.full_clean()
    record.save()
    contract_touch(_contract_of(record))
    return record


def _contract_of(record) -> Contract:
    for path in ("contract", "axis.contract", "diagnosis.contract"):
        owner = record
        for name in path.split("."):
            owner = getattr(owner, name, None)
        if isinstance(owner, Contract):
            return owner
    raise ValueError(f"{record!r} n'appartient à aucun contrat.")


def _delete(record) -> None:
    contract = _contract_of(record)
    record.delete()
    contract_touch(contract)


@transaction.atomic
def signatory_update(
    *,
    signatory: Signatory,
    person_name: str = "",
    person_title: str = "",
    person_email: str = "",
    by: User | None = None,
    **fields,
) -> Signatory:
    """Correct a signatory's role, dates and representative (cleared when left blank); a
    representative given an e-mail address is invited."""
    for name, value in fields.items():
        setattr(signatory, name, value)
    first_name, _, last_name = person_name.strip().partition(" ")
    named = {
        "first_name": first_name,
        "last_name": last_name or first_name,
        "job_title": person_title,
    }
    if not first_name:
        signatory.person = None
    elif signatory.person is None:
        signatory.person = _representative(
            **named, email=person_email, organisation=signatory.organisation
        )
    else:
        _representative_correct(signatory.person, email=person_email, **named)
    _save(signatory)
    _representative_invite(signatory, by)
    return signatory


def _representative_correct(person: Person, *, email: str, **named) -> None:
    """Rename the representative; an address is given to one who has no account yet (an
    account's address is its owner's, changed on the account)."""
    for name, value in named.items():
        setattr(person, name, value)
    email = User.objects.normalize_email(email.strip()).lower() if email else ""
    if person.user_id and email and email != person.user.email:
        raise ValidationError(
            {
                "person_email": f"{person} a déjà un compte, sous l'adresse {person.user.email} : "
                "laissez-la, ou nommez une autre personne en retirant d'abord ce représentant."
            }
        )
    if not person.user_id and email:
        person.email = email
    person.full_clean()
    person.save()


@transaction.atomic
def signatory_delete(*, signatory: Signatory) -> None:
    if signatory.signed_on:
        raise ValidationError(
            f"« {signatory.organisation} » a signé le contrat le {signatory.signed_on:%d/%m/%Y} : "
            "effacez d'abord sa date de signature si elle a été saisie par erreur, puis retirez-la."
        )
    _delete(signatory)


@transaction.atomic
def amendment_update(*, amendment: Amendment, **fields) -> Amendment:
    for name, value in fields.items():
        setattr(amendment, name, value)
    return _save(amendment)


@transaction.atomic
def amendment_delete(*, amendment: Amendment) -> None:
    """Its documents stay among the contract's, no longer attached to it."""
    _delete(amendment)


@transaction.atomic
def axis_update(*, axis: Axis, **fields) -> Axis:
    for name, value in fields.items():
        setattr(axis, name, value)
    return _save(axis)


@transaction.atomic
def axis_delete(*, axis: Axis) -> None:
    actions = Contract._meta.get_field("actions").related_model.objects.filter(axis=axis).count()
    if actions:
        raise ValidationError(
            f"Cet axe contient {plural(actions, 'fiche action,fiches actions')} : "
            "déplacez-les ou supprimez-les d'abord."
        )
    _delete(axis)


@transaction.atomic
def axis_move(*, axis: Axis, offset: int) -> None:
    """Move an axis up (-1) or down (+1) the contract's order."""
    axes = list(axis.contract.axes.select_for_update().order_by("order", "number"))
    index = axes.index(axis)
    target = min(max(index + offset, 0), len(axes) - 1)
    axes.insert(target, axes.pop(index))
    for order, each in enumerate(axes, start=1):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order", "updated_at"])
    contract_touch(axis.contract)


@transaction.atomic
def axes_renumber(*, contract: Contract) -> None:
    """Number the axes 1, 2, 3… in their order (the numbers of their fiches are left as they
    are: they are the contract's own references)."""
    axes = list(contract.axes.select_for_update().order_by("order", "number"))
    # Out of the way first: no two axes may share a number, even for an instant.
    offset = max((axis.number for axis in axes), default=0) + len(axes)
    for index, axis in enumerate(axes, start=1):
        axis.number = offset + index
        axis.save(update_fields=["number", "updated_at"])
    for index, axis in enumerate(axes, start=1):
        axis.number = axis.order = index
        axis.save(update_fields=["number", "order", "updated_at"])
    contract_touch(contract)


@transaction.atomic
def objective_update(*, objective: Objective, **fields) -> Objective:
    """Correct an objective, or move it within its axis's tree (another parent, another level
    as long as it has no objective under it)."""
    children = objective.children.count()
    if children and fields.get("level", objective.level) != objective.level:
        raise ValidationError(
            {
                "level": f"Cet objectif a {plural(children, 'objectif rattaché,objectifs rattachés')} : "
                "son niveau ne peut changer tant qu'ils y sont rattachés."
            }
        )
    axis = fields.get("axis")
    if axis is not None and axis.pk != objective.axis_id:
        _objective_may_leave_axis(objective, children)
    for name, value in fields.items():
        setattr(objective, name, value)
    return _save(objective)


def _objective_may_leave_axis(objective: Objective, children: int) -> None:
    """An objective changes axis alone: those under it, and the fiches actions it is the
    objective of, belong to its axis."""
    if children:
        raise ValidationError(
            {
                "axis": f"Cet objectif a {plural(children, 'objectif rattaché,objectifs rattachés')} "
                "dans son axe : rattachez-les à un autre objectif ou supprimez-les d'abord."
            }
        )
    actions = objective.actions.count()
    if actions:
        raise ValidationError(
            {
                "axis": f"Cet objectif est celui de {plural(actions, 'fiche action,fiches actions')} "
                "de son axe : retirez-le d'abord de leurs objectifs."
            }
        )


@transaction.atomic
def objective_delete(*, objective: Objective) -> None:
    children = objective.children.count()
    if children:
        raise ValidationError(
            f"Cet objectif a {plural(children, 'objectif rattaché,objectifs rattachés')} : "
            "rattachez-les à un autre objectif ou supprimez-les d'abord."
        )
    _delete(objective)


@transaction.atomic
def document_update(*, document: Document, **fields) -> Document:
    for name, value in fields.items():
        setattr(document, name, value)
    return _save(document)


@transaction.atomic
def document_delete(*, document: Document) -> None:
    """The record and its file; the history keeps who deposited what, and who removed it."""
    name = document.file.name
    _delete(document)
    transaction.on_commit(lambda: document.file.storage.delete(name))


@transaction.atomic
def body_update(*, body: GovernanceBody, **fields) -> GovernanceBody:
    for name, value in fields.items():
        setattr(body, name, value)
    return _save(body)


@transaction.atomic
def body_delete(*, body: GovernanceBody) -> None:
    meetings = body.meetings.count()
    if meetings:
        raise ValidationError(
            f"Cette instance a tenu {plural(meetings, 'réunion,réunions')} : "
            "supprimez-les d'abord si elles ont été enregistrées par erreur."
        )
    _delete(body)


@transaction.atomic
def diagnosis_update(*, contract: Contract, **fields) -> Diagnosis:
    """The contract's local health diagnosis, written the first time it is corrected."""
    diagnosis = Diagnosis.objects.filter(contract=contract).first() or Diagnosis(contract=contract)
    for name, value in fields.items():
        setattr(diagnosis, name, value)
    return _save(diagnosis)


@transaction.atomic
def finding_add(*, contract: Contract, **fields) -> Finding:
    diagnosis = Diagnosis.objects.filter(contract=contract).first() or diagnosis_update(
        contract=contract
    )
    last = diagnosis.findings.order_by("-order").values_list("order", flat=True).first() or 0
    return _save(Finding(diagnosis=diagnosis, order=last + 1, **fields))


@transaction.atomic
def finding_update(*, finding: Finding, **fields) -> Finding:
    for name, value in fields.items():
        setattr(finding, name, value)
    return _save(finding)


@transaction.atomic
def finding_delete(*, finding: Finding) -> None:
    _delete(finding)
