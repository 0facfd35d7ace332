"""Contract services: creation, lifecycle and coordination hand-over."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actors.enums import OrganisationKind
from contracts.coordination import coordinator_assign
from contracts.enums import ContractStatus
from contracts.models import Contract
from contracts.services import (
    contract_create,
    contract_renew,
    contract_transition,
)
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.clock import TODAY
from tests.contracts.factories import (
    AxisFactory,
    ContractFactory,
    CoordinatorAssignmentFactory,
    SignatoryFactory,
)
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
    contract = ContractFactory(status=ContractStatus.IMPLEMENTATION)
    contract_transition(contract=contract, to_status=ContractStatus.EVALUATION)
    assert Contract.objects.get().status == ContractStatus.EVALUATION


def signable_contract():
    contract = ContractFactory(status=ContractStatus.ELABORATION)
    SignatoryFactory(contract=contract, organisation=contract.ars)
    SignatoryFactory(contract=contract, organisation__kind=OrganisationKind.COMMUNE)
    AxisFactory(contract=contract)
    return contract


def test_contract_with_everything_needed_is_signed():
    contract = signable_contract()
    contract_transition(contract=contract, to_status=ContractStatus.SIGNED)
    assert Contract.objects.get().status == ContractStatus.SIGNED


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda c: c.signatories.filter(organisation=c.ars).delete(), "L'ARS doit figurer"),
        (
            lambda c: c.signatories.exclude(organisation=c.ars).update(signed_on=None),
            "Au moins une collectivité",
        ),
        (lambda c: c.axes.all().delete(), "au moins un axe"),
        (
            lambda c: Contract.objects.filter(pk=c.pk).update(starts_on=None),
            "dates de début et de fin",
        ),
        (lambda c: Contract.objects.filter(pk=c.pk).update(signed_on=None), "date de signature"),
    ],
)
def test_signature_is_refused_with_the_reason(spoil, message):
    contract = signable_contract()
    spoil(contract)
    contract.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        contract_transition(contract=contract, to_status=ContractStatus.SIGNED)
    assert Contract.objects.get().status == ContractStatus.ELABORATION


def test_renewal_creates_the_next_generation_and_marks_the_old_one_renewed():
    contract = ContractFactory(status=ContractStatus.EVALUATION)
    successor = contract_renew(contract=contract, title="CLS 2")
    contract.refresh_from_db()
    assert contract.status == ContractStatus.RENEWED
    assert (successor.generation, successor.predecessor, successor.status) == (
        2,
        contract,
        ContractStatus.SCOPING,
    )
    assert successor.territory == contract.territory


def test_contract_in_implementation_cannot_be_renewed_yet():
    with pytest.raises(ValidationError, match="en évaluation ou terminé"):
        contract_renew(
            contract=ContractFactory(status=ContractStatus.IMPLEMENTATION), title="CLS 2"
        )


def test_lifecycle_refuses_to_skip_signature():
    contract = ContractFactory(status=ContractStatus.SCOPING)
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        contract_transition(contract=contract, to_status=ContractStatus.IMPLEMENTATION)


def test_signature_needs_a_date():
    contract = ContractFactory(status=ContractStatus.ELABORATION, signed_on=None)
    with pytest.raises(ValidationError):
        contract_transition(contract=contract, to_status=ContractStatus.SIGNED)


def test_history_records_each_status_change_with_its_reason():
    contract = ContractFactory(status=ContractStatus.IMPLEMENTATION)
    contract_transition(contract=contract, to_status=ContractStatus.EVALUATION)
    history = list(contract.history.order_by("history_date"))
    assert [h.status for h in history] == [ContractStatus.IMPLEMENTATION, ContractStatus.EVALUATION]
    assert history[-1].history_change_reason == "Passage à l'étape « Évaluation »"


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
    ending = ContractFactory(ends_on=datetime.date(2027, 3, 31))
    ContractFactory(ends_on=datetime.date(2028, 12, 31))
    assert list(Contract.objects.ending_within(183, on=TODAY)) == [ending]
