"""The database refuses inconsistent contracts, whatever door the write comes through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.enums import OrganisationKind
from contracts.enums import ObjectiveLevel
from contracts.models import Objective
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import (
    AmendmentFactory,
    AxisFactory,
    ContractFactory,
    CoordinatorAssignmentFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    ObjectiveFactory,
    SignatoryFactory,
)
from tests.territories.factories import RegionFactory

pytestmark = pytest.mark.django_db


def refused(factory, **fields):
    """Whether the database itself refuses the row (no model validation involved)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    return True


def test_contract_ending_before_it_starts_is_refused():
    assert refused(
        ContractFactory, starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )


def test_contract_signed_after_its_end_is_refused():
    assert refused(
        ContractFactory, signed_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2028, 12, 31)
    )


def test_contract_generation_zero_is_refused():
    assert refused(ContractFactory, generation=0)


def test_renewal_of_generation_one_is_refused():
    predecessor = ContractFactory()
    assert refused(ContractFactory, predecessor=predecessor, generation=1)


def test_model_validation_explains_the_refusal_in_french():
    contract = ContractFactory.build(
        territory=ContractFactory().territory,
        ars=OrganisationFactory(ars=True),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        contract.full_clean()
    assert "La date de fin du contrat précède sa date de début." in str(error.value)


def test_two_axes_with_the_same_number_in_a_contract_are_refused():
    axis = AxisFactory(number=1)
    assert refused(AxisFactory, contract=axis.contract, number=1)


def test_the_same_axis_number_in_two_contracts_is_accepted():
    AxisFactory(number=1)
    AxisFactory(number=1)


def test_axis_number_zero_is_refused():
    assert refused(AxisFactory, number=0)


def test_general_objective_with_a_parent_is_refused():
    parent = ObjectiveFactory()
    assert refused(ObjectiveFactory, axis=parent.axis, parent=parent, level=ObjectiveLevel.GENERAL)


def test_specific_objective_without_parent_is_refused():
    assert refused(ObjectiveFactory, level=ObjectiveLevel.SPECIFIC)


def test_operational_objective_under_a_general_one_fails_validation():
    general = ObjectiveFactory()
    objective = Objective(
        axis=general.axis, parent=general, level=ObjectiveLevel.OPERATIONAL, title="Former"
    )
    with pytest.raises(ValidationError, match="niveau immédiatement supérieur"):
        objective.full_clean()


def test_signatory_deliberating_after_signing_is_refused():
    assert refused(
        SignatoryFactory,
        deliberation_on=datetime.date(2024, 2, 1),
        signed_on=datetime.date(2024, 1, 15),
    )


def test_same_organisation_signing_twice_in_the_same_role_is_refused():
    signatory = SignatoryFactory()
    assert refused(
        SignatoryFactory, contract=signatory.contract, organisation=signatory.organisation
    )


def test_coordination_ending_before_it_starts_is_refused():
    assert refused(
        CoordinatorAssignmentFactory,
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2024, 1, 1),
    )


def test_coordination_with_zero_fte_is_refused():
    assert refused(CoordinatorAssignmentFactory, fte=0)


def test_two_amendments_with_the_same_number_are_refused():
    amendment = AmendmentFactory(number=1)
    assert refused(AmendmentFactory, contract=amendment.contract, number=1)


def test_two_bodies_with_the_same_name_in_a_contract_are_refused():
    body = GovernanceBodyFactory(name="COPIL")
    assert refused(GovernanceBodyFactory, contract=body.contract, name="COPIL")


def test_meeting_of_another_contracts_body_fails_validation():
    meeting = MeetingFactory.build(body=GovernanceBodyFactory(), contract=ContractFactory())
    with pytest.raises(ValidationError, match="autre contrat"):
        meeting.full_clean()


def test_second_ars_in_a_region_is_refused():
    region = RegionFactory()
    OrganisationFactory(ars=True, region=region)
    assert refused(OrganisationFactory, kind=OrganisationKind.ARS, region=region, name="ARS bis")


def test_ars_without_region_is_refused():
    assert refused(OrganisationFactory, kind=OrganisationKind.ARS, region=None)
