"""Who coordinates a contract, and when: naming a coordinator (the previous one hands over the
day before), correcting an assignment's dates and funding, ending it; the people concerned are
told by e-mail, and a coordinator named with a new address is invited.

Rights follow the assignments' dates (`contracts.access` reads the current ones): an outgoing
coordinator keeps no write access after their last day. A contract has one coordinator at a
time, at most full time on it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actors.models import Person, User
from actors.services import (
    absolute_url,
    email_compose,
    notification_send_on_commit,
    person_find_or_create,
    person_invite,
)
from contracts.models import Contract, CoordinatorAssignment

# One assignment is one post: at most full time (a larger coordination is several people).
MAX_FTE = Decimal("1")


def _check_fte(fte) -> None:
    if fte is not None and fte > MAX_FTE:
        raise ValidationError(
            {
                "fte": "Une coordination compte au plus 1 ETP : nommez une autre personne pour le reste."
            }
        )


def _overlapping(assignment: CoordinatorAssignment):
    """The contract's other assignments whose period meets this one's."""
    others = assignment.contract.coordinator_assignments.exclude(pk=assignment.pk)
    others = others.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=assignment.started_on))
    if assignment.ended_on is not None:
        others = others.filter(started_on__lte=assignment.ended_on)
    return others


@transaction.atomic
def coordinator_assign(
    *,
    contract: Contract,
    person: Person,
    started_on: datetime.date,
    fte=None,
    funders=(),
    funding_notes: str = "",
) -> CoordinatorAssignment:
    """Name a coordinator from `started_on`; whoever held the post hands over the day before.

    Earlier assignments are closed, never deleted, so the contract keeps its coordination history.
    """
    _check_fte(fte)
    handover_on = started_on - datetime.timedelta(days=1)
    if contract.coordinator_assignments.filter(started_on__gt=handover_on).exists():
        raise ValidationError(
            {
                "started_on": "Une coordination commence déjà à cette date ou après : corrigez-la plutôt."
            }
        )
    for previous in contract.coordinator_assignments.current(started_on).select_for_update():
        previous.ended_on = handover_on
        previous.full_clean()
        previous.save(update_fields=["ended_on"])
    assignment = CoordinatorAssignment(
        contract=contract,
        person=person,
        started_on=started_on,
        fte=fte,
        funding_notes=funding_notes,
    )
    assignment.full_clean()
    assignment.save()
    assignment.funders.set(funders)
    return assignment


@transaction.atomic
def coordinator_appoint(
    *,
    contract: Contract,
    by: User | None = None,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
    **assignment,
) -> CoordinatorAssignment:
    """Name a coordinator already known to the platform, or a new person named with them, and
    tell the people concerned: the newcomer is invited (or told, if they have an account), the
    outgoing coordinator learns their last day. Nothing is kept if the invitation is refused."""
    if person is None:
        person = person_find_or_create(
            first_name=first_name, last_name=last_name, email=email, job_title=job_title
        )
    outgoing = list(contract.coordinator_assignments.current(assignment["started_on"]))
    new = coordinator_assign(contract=contract, person=person, **assignment)
    person_invite(
        person=person,
        by=by,
        about=f"coordination:{new.pk}",
        purpose=f"coordonner le contrat « {contract.title} » à partir du {new.started_on:%d/%m/%Y}",
        # Before their first day, the contract is not theirs yet: they land on the home page.
        landing_url=contract.get_absolute_url()
        if new.started_on <= timezone.localdate()
        else reverse("home"),
    )
    for previous in outgoing:
        previous.refresh_from_db(fields=["ended_on"])
        _ending_notify(previous, successor=new)
    return new


def _ending_notify(assignment: CoordinatorAssignment, successor=None) -> None:
    """Tell a coordinator with an active account when their mission ends."""
    account = assignment.person.user
    if account is None or not account.is_active:
        return
    contract = assignment.contract
    notification_send_on_commit(
        user=account,
        key=f"coordination-ends:{assignment.pk}:{assignment.ended_on:%Y-%m-%d}",
        subject=f"Plateforme CLS : fin de votre coordination du contrat « {contract.title} »"[:255],
        **email_compose(
            "actors/email/coordination_ends",
            user=account,
            assignment=assignment,
            contract=contract,
            successor=successor,
            url=absolute_url(contract.get_absolute_url()),
        ),
    )


@transaction.atomic
def coordination_correct(
    *,
    assignment: CoordinatorAssignment,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    fte=None,
    funders=(),
    funding_notes: str = "",
) -> CoordinatorAssignment:
    """Correct an assignment's dates and funding, refused when it would overlap another."""
    _check_fte(fte)
    assignment.started_on, assignment.ended_on = started_on, ended_on
    assignment.fte, assignment.funding_notes = fte, funding_notes
    assignment.full_clean()
    clash = _overlapping(assignment).select_related("person").first()
    if clash is not None:
        raise ValidationError(
            {
                "started_on" if clash.started_on <= started_on else "ended_on": (
                    f"Cette période chevauche la coordination de {clash.person} "
                    f"(à partir du {clash.started_on:%d/%m/%Y}) : un contrat a un coordonnateur à la fois."
                )
            }
        )
    assignment.save()
    assignment.funders.set(funders)
    return assignment


@transaction.atomic
def coordination_end(
    *, assignment: CoordinatorAssignment, ended_on: datetime.date
) -> CoordinatorAssignment:
    """End an assignment on `ended_on` (its last day); its coordinator is told by e-mail and
    keeps no write access after that day."""
    if ended_on < assignment.started_on:
        raise ValidationError(
            {
                "ended_on": f"La fin ne peut précéder le début de la mission ({assignment.started_on:%d/%m/%Y})."
            }
        )
    if assignment.ended_on is not None and assignment.ended_on < timezone.localdate():
        raise ValidationError("Cette coordination est déjà terminée : corrigez plutôt ses dates.")
    assignment.ended_on = ended_on
    assignment.full_clean()
    assignment.save(update_fields=["ended_on"])
    _ending_notify(assignment)
    return assignment
