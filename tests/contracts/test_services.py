"""Contract services: creation, lifecycle and coordination hand-over."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contracts.enums import ContractStatus
from contracts.models import Contract
from contracts.services import contract_create, contract_transition, coordinator_assign
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_renewal_takes_the_next_generation():
    first = ContractFactory(generation=1)
    renewal = contract_create(
        title="CLS 2", territory=first.territory, ars=first.ars, predecessor=first
    )
    assert renewal.generation == 2
    assert first.successor == renewal


def test_contract_must_be_carried_by_an_ars():
    with pytest.raises(ValidationError, match="ARS"):
        contract_create(title="CLS", territory=TerritoryFactory(), ars=OrganisationFactory())


def test_lifecycle_moves_forward():
    contract = ContractFactory(
        status=ContractStatus.ELABORATION, signed_on=datetime.date(2024, 1, 15)
    )
    contract_transition(contract=contract, to_status=ContractStatus.SIGNED)
    assert Contract.objects.get().status == ContractStatus.SIGNED


def test_lifecycle_refuses_to_skip_signature():
    contract = ContractFactory(status=ContractStatus.SCOPING)
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        contract_transition(contract=contract, to_status=ContractStatus.IMPLEMENTATION)


def test_signature_needs_a_date():
    contract = ContractFactory(status=ContractStatus.ELABORATION, signed_on=None)
    with pytest.raises(ValidationError):
        contract_transition(contract=contract, to_status=ContractStatus.SIGNED)


def test_history_records_each_status_change():
    contract = ContractFactory(status=ContractStatus.ELABORATION)
    contract_transition(contract=contract, to_status=ContractStatus.SIGNED)
    statuses = [h.status for h in contract.history.order_by("history_date")]
    assert statuses == [ContractStatus.ELABORATION, ContractStatus.SIGNED]


def test_new_coordinator_closes_the_previous_assignment_and_keeps_it():
    previous = CoordinatorAssignmentFactory(started_on=datetime.date(2023, 1, 1))
    newcomer = PersonFactory()

    coordinator_assign(
        contract=previous.contract, person=newcomer, started_on=datetime.date(2025, 9, 1)
    )

    previous.refresh_from_db()
    assert previous.ended_on == datetime.date(2025, 8, 31)
    assert [a.person for a in previous.contract.current_coordinators()] == [newcomer]
    assert previous.contract.coordinator_assignments.count() == 2


def test_contracts_without_a_current_coordinator():
    staffed = CoordinatorAssignmentFactory().contract
    vacant = CoordinatorAssignmentFactory(ended_on=datetime.date(2024, 6, 30)).contract
    assert list(Contract.objects.without_current_coordinator()) == [vacant]
    assert list(Contract.objects.with_current_coordinator()) == [staffed]


def test_contracts_ending_within_six_months():
    today = datetime.date(2026, 11, 22)
    ending = ContractFactory(ends_on=datetime.date(2027, 3, 31))
    ContractFactory(ends_on=datetime.date(2028, 12, 31))
    assert list(Contract.objects.ending_within(183, on=today)) == [ending]
