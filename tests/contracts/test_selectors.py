"""What the forms of a contract offer to choose from: on a national platform, not every
organisation and person of France."""

import pytest

from contracts.selectors import (
    contract_organisations,
    contract_people,
    organisations_offered,
    people_offered,
)
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import CoordinatorAssignmentFactory


@pytest.fixture
def places(world):
    """Organisations of the contract's région, of another région, and of none."""
    region = world.contract.ars.region
    other_region = world.other_contract.ars.region
    return {
        "regional": OrganisationFactory(name="Mutuelle régionale", region=region),
        "national": OrganisationFactory(name="Fédération nationale", region=None),
        "elsewhere": OrganisationFactory(name="Association lointaine", region=other_region),
        "partner_elsewhere": OrganisationFactory(name="EPCI voisin", region=other_region),
    }


def test_organisations_offered_are_those_of_the_region_national_ones_and_participants(
    world, places
):
    ActionFactory(axis=world.axis).partners.set([places["partner_elsewhere"]])

    offered = set(organisations_offered(world.contract))

    assert {places["regional"], places["national"], places["partner_elsewhere"]} <= offered
    assert world.contract.ars in offered
    assert places["elsewhere"] not in offered
    assert places["elsewhere"] in organisations_offered(
        world.contract, keep=[places["elsewhere"].pk, None]
    )


def test_people_offered_are_those_of_the_contract_and_of_its_organisations(world, places):
    signatory_staff = PersonFactory(organisation=world.collectivite)
    coordinator = PersonFactory(organisation=places["elsewhere"])
    CoordinatorAssignmentFactory(contract=world.contract, person=coordinator)
    stranger = PersonFactory(organisation=places["regional"])
    other_contract_staff = PersonFactory(organisation=world.other_contract.ars)

    offered = set(people_offered(world.contract))

    assert {signatory_staff, coordinator, world.lead_action.lead_person} <= offered
    assert stranger not in offered and other_contract_staff not in offered
    assert stranger in people_offered(world.contract, keep=[stranger.pk])


def test_the_contract_lists_read_each_link_once(world):
    """A person or an organisation linked several ways is listed once."""
    person = world.lead_action.lead_person
    ActionFactory(axis=world.axis, lead_person=person, lead_organisation=world.collectivite)

    assert list(contract_people(world.contract)).count(person) == 1
    assert list(contract_organisations(world.contract)).count(world.collectivite) == 1
