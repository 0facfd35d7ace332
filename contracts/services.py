"""Writes on contracts that span several rows: creation, lifecycle, coordination.

Every service is atomic and validates with `full_clean()` before saving, so the rules hold
whichever door (web UI, API, import, task, demo) the write comes through.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from actors.enums import OrganisationKind
from actors.models import Organisation, Person
from contracts.enums import ContractStatus
from contracts.models import Contract, CoordinatorAssignment
from territories.models import Territory


@transaction.atomic
def contract_create(
    *,
    title: str,
    territory: Territory,
    ars: Organisation,
    predecessor: Contract | None = None,
    **fields,
) -> Contract:
    """Create a contract; a renewal takes the next generation after its predecessor."""
    if ars.kind != OrganisationKind.ARS:
        raise ValidationError({"ars": "Le contrat doit être porté par une ARS."})
    if predecessor is not None:
        fields["generation"] = predecessor.generation + 1
    contract = Contract(
        title=title, territory=territory, ars=ars, predecessor=predecessor, **fields
    )
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_transition(*, contract: Contract, to_status: str) -> Contract:
    """Move a contract along its lifecycle, refusing moves the lifecycle does not allow."""
    if not contract.can_move_to(to_status):
        raise ValidationError(
            f"Un contrat « {contract.get_status_display()} » ne peut pas passer à "
            f"« {ContractStatus(to_status).label} »."
        )
    if to_status == ContractStatus.SIGNED and not contract.signed_on:
        raise ValidationError({"signed_on": "Indiquez la date de signature du contrat."})
    contract.status = to_status
    contract.full_clean()
    contract.save(update_fields=["status", "updated_at"])
    return contract


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
    handover_on = started_on - datetime.timedelta(days=1)
    for previous in contract.coordinator_assignments.current(started_on).select_for_update():
        if previous.started_on > handover_on:
            raise ValidationError(
                {"started_on": "Une coordination en cours a commencé à cette date ou après."}
            )
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
