"""The people of contracts: who takes part in which contract and in which role (coordination,
lead of a fiche, signatory's representative, follow-up of indicators, member of a signatory
organisation), for the people page and for the rule of who may manage an account.

Objects of later apps (actions, indicators) are reached through the contract's relations, so
that the dependency chain holds.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from actors.enums import MembershipRole
from actors.models import Invitation, Membership, Person, User
from config.french import plural_words
from contracts.enums import AssignmentPhase
from contracts.models import Contract, CoordinatorAssignment, Signatory

ACTIONS = Contract._meta.get_field("actions").related_model
INDICATORS = Contract._meta.get_field("indicators").related_model


@dataclass
class PersonRow:
    """One person (or an account without a person) and their roles, each with its contract
    (None for a membership of an organisation)."""

    name: str
    email: str
    user: User | None
    sort_key: tuple
    roles: list[tuple[str, Contract | None]] = field(default_factory=list)
    invitation: Invitation | None = None


@dataclass
class Coordination:
    """A contract's coordinators: in post, to come, before; each with `pending_invitation`."""

    current: list[CoordinatorAssignment]
    upcoming: list[CoordinatorAssignment]
    previous: list[CoordinatorAssignment]


def coordination_of(contract: Contract, on: datetime.date) -> Coordination:
    """The assignments as `contract_for_summary` prefetched them (with their people and
    accounts), and one query for the invitations waiting, if any account may have one."""
    assignments = sorted(
        contract.coordinator_assignments.all(), key=lambda a: a.started_on, reverse=True
    )
    # Only an account not yet opened may have an invitation waiting.
    invitations = _pending_invitations(
        [a.person.user_id for a in assignments if a.person.user and not a.person.user.is_active]
    )
    for assignment in assignments:
        assignment.pending_invitation = invitations.get(assignment.person.user_id)
    phases = {a.pk: a.phase(on) for a in assignments}
    return Coordination(
        *(
            [a for a in assignments if phases[a.pk] == phase]
            for phase in (
                AssignmentPhase.CURRENT,
                AssignmentPhase.UPCOMING,
                AssignmentPhase.PREVIOUS,
            )
        )
    )


def _pending_invitations(user_ids) -> dict[int, Invitation]:
    if not user_ids:
        return {}
    return {i.user_id: i for i in Invitation.objects.pending().filter(user_id__in=user_ids)}


def people_of(contracts: QuerySet[Contract], on: datetime.date) -> list[PersonRow]:
    """The people of `contracts` with their roles, ordered by name, in a fixed number of
    queries whatever the number of contracts and people."""
    titles = {c.pk: c for c in contracts.only("pk", "title").order_by()}
    roles = _person_roles(list(titles), on)
    rows = {
        ("person", person.pk): PersonRow(
            name=str(person),
            email=person.user.email if person.user else person.email,
            user=person.user,
            sort_key=(person.last_name.lower(), person.first_name.lower(), person.pk),
            roles=[(label, titles[contract_id]) for label, contract_id in roles[person.pk]],
        )
        for person in Person.objects.filter(pk__in=list(roles)).select_related("user")
    }
    _add_members(rows, list(titles), on)
    users = [row.user.pk for row in rows.values() if row.user]
    invitations = _pending_invitations(users)
    for row in rows.values():
        row.invitation = invitations.get(row.user.pk) if row.user else None
    return sorted(rows.values(), key=lambda row: row.sort_key)


def _person_roles(contract_ids: list[int], on: datetime.date) -> dict[int, list]:
    """(label, contract id) of each person's roles: four queries."""
    roles = defaultdict(list)
    assignments = CoordinatorAssignment.objects.filter(contract_id__in=contract_ids).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    for person, contract, started_on in assignments.values_list(
        "person_id", "contract_id", "started_on"
    ):
        label = "Coordination à venir" if started_on > on else "Coordination"
        roles[person].append((label, contract))
    leads = defaultdict(list)
    for person, contract, number in ACTIONS.objects.filter(
        contract_id__in=contract_ids, lead_person__isnull=False
    ).values_list("lead_person_id", "contract_id", "number"):
        leads[person, contract].append(number)
    for (person, contract), numbers in leads.items():
        label = plural_words(len(numbers), "Pilote de la fiche,Pilote des fiches")
        roles[person].append((f"{label} {', '.join(sorted(numbers))}", contract))
    for person, contract, organisation in Signatory.objects.filter(
        contract_id__in=contract_ids, person__isnull=False
    ).values_list("person_id", "contract_id", "organisation__name"):
        roles[person].append((f"Représentant de {organisation}", contract))
    for person, contract in (
        INDICATORS.objects.filter(contract_id__in=contract_ids, responsible__isnull=False)
        .values_list("responsible_id", "contract_id")
        .distinct()
    ):
        roles[person].append(("Suivi d'indicateurs", contract))
    return roles


def _add_members(rows: dict, contract_ids: list[int], on: datetime.date) -> None:
    """Members and partner tools of the contracts' signatory organisations: one query."""
    memberships = (
        Membership.objects.current(on)
        .filter(
            role__in=[MembershipRole.MEMBER, MembershipRole.PARTNER],
            organisation__in=Signatory.objects.filter(contract_id__in=contract_ids).values(
                "organisation"
            ),
        )
        .select_related("user__person", "organisation")
    )
    for membership in memberships:
        user = membership.user
        person = getattr(user, "person", None)
        key = ("person", person.pk) if person else ("user", user.pk)
        if key not in rows:
            rows[key] = PersonRow(
                name=str(user),
                email=user.email,
                user=user,
                sort_key=(user.last_name.lower(), user.first_name.lower(), user.pk),
            )
        label = f"{membership.get_role_display()} — {membership.organisation}"
        rows[key].roles.append((label, None))


def contracts_involving(account: User) -> QuerySet[Contract]:
    """The contracts `account` takes part in, whatever the role, at any time."""
    people = Person.objects.filter(user=account).values("pk")
    organisations = Membership.objects.filter(user=account).values("organisation")
    return Contract.objects.filter(
        Q(pk__in=CoordinatorAssignment.objects.filter(person__in=people).values("contract"))
        | Q(pk__in=ACTIONS.objects.filter(lead_person__in=people).values("contract"))
        | Q(pk__in=INDICATORS.objects.filter(responsible__in=people).values("contract"))
        | Q(
            pk__in=Signatory.objects.filter(
                Q(person__in=people) | Q(organisation__in=organisations)
            ).values("contract")
        )
    )
