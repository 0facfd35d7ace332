"""Query counts of every list and detail endpoint: pinned, and the same for 1 and 3 rows.

Each call is made with a token (as partner tools do) whose last use was just recorded, so the
authentication costs one query: the token joined to its owner.
"""

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from actors.models import ApiToken
from actors.services import api_token_create
from contracts.enums import SignatoryRole
from reports.enums import ReportKind
from reports.models import EvaluationReport
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import (
    AxisFactory,
    ContractFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    ObjectiveFactory,
    SignatoryFactory,
)
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.territories.factories import (
    CommuneFactory,
    DepartementFactory,
    EpciFactory,
    RegionFactory,
    TerritoryFactory,
)

LOOKUP = {"regions": "code", "departements": "code", "communes": "code", "epcis": "siren"}

# Every scoped list a partner synchronises costs: 1 the token and its owner, 2 the owner's
# memberships and the ids of the contracts they see (`roles_of` and `contract_scope`, one
# statement), 3 the page (no count: they page by position); then one query per prefetched list.
# The shared organisations and territories skip 2.
LIST_QUERIES = {
    "contracts": 5,  # … 4 signatories, 5 governance bodies
    "axes": 3,
    "objectives": 3,  # the axis is joined
    "actions": 9,  # … 4-9 objectives, partners, target groups, determinants, themes, communes
    "action-notes": 3,  # the author is joined
    "meetings": 5,  # … 4 organisations present, 5 actions reviewed (scoped)
    "indicators": 3,  # definition, action and contract joined
    "indicator-values": 3,
    "reports": 3,
    "deletions": 3,
    "organisations": 2,  # token, page
    "territories": 3,  # … 3 communes of the page's territories
    # The geographic referential is paged by number: token, count, page.
    "regions": 3,
    "departements": 3,
    "epcis": 3,
    "communes": 3,
}
# A detail costs what a list does; the referential's, its list's but the count.
DETAIL_QUERIES = {
    resource: count - (resource in LOOKUP) for resource, count in LIST_QUERIES.items()
}
# On PostgreSQL, the busiest resources are made by the database (config/fastpaths/json_rows.py): token,
# memberships and contract ids, and the page (or the detail) as JSON, whatever the relations
# shown.
if connection.vendor == "postgresql":
    LIST_QUERIES.update({"contracts": 3, "actions": 3})
    DETAIL_QUERIES.update({"contracts": 3, "actions": 3})


def _contract(world):
    contract = ContractFactory(territory=world.contract.territory)
    SignatoryFactory(contract=contract, role=SignatoryRole.PARTNER)
    GovernanceBodyFactory(contract=contract)
    return contract


def _action(world):
    action = ActionFactory(axis=world.axis)
    action.partners.set([OrganisationFactory()])
    action.themes.set(["prevention"])
    action.target_groups.set(["children"])
    action.determinants.set(["housing"])
    action.intervention_communes.set(world.contract.territory.communes.all())
    return action


def _meeting(world):
    meeting = MeetingFactory(body=GovernanceBodyFactory(contract=world.contract))
    meeting.reviewed_actions.set([world.lead_action])
    meeting.attending_organisations.set([world.collectivite])
    return meeting


def _tombstone(world):
    AxisFactory(contract=world.contract).delete()


MAKERS = {
    "contracts": _contract,
    "axes": lambda world: AxisFactory(contract=world.contract),
    "objectives": lambda world: ObjectiveFactory(axis=world.axis),
    "actions": _action,
    "action-notes": lambda world: ActionUpdateFactory(action=world.lead_action),
    "meetings": _meeting,
    "indicators": lambda world: IndicatorFactory(contract=world.contract),
    "indicator-values": lambda world: IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract)
    ),
    "reports": lambda world: EvaluationReport.objects.create(
        contract=world.contract, kind=ReportKind.FINAL
    ),
    "deletions": _tombstone,
    "organisations": lambda world: OrganisationFactory(),
    "regions": lambda world: RegionFactory(),
    "departements": lambda world: DepartementFactory(),
    "epcis": lambda world: EpciFactory(),
    "communes": lambda world: CommuneFactory(),
    "territories": lambda world: TerritoryFactory(),
}


@pytest.fixture
def agent_client(world):
    _, key = api_token_create(user=world.agent, name="Entrepôt de l'ARS", scopes=["read"])
    ApiToken.objects.update(last_used_at=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("resource", LIST_QUERIES)
def test_list_query_count_is_constant(resource, world, agent_client, django_assert_num_queries):
    make = MAKERS[resource]
    make(world)
    with django_assert_num_queries(LIST_QUERIES[resource]):
        one = agent_client.get(f"/api/v1/{resource}/")
    make(world)
    make(world)
    with django_assert_num_queries(LIST_QUERIES[resource]):
        three = agent_client.get(f"/api/v1/{resource}/")
    assert one.status_code == three.status_code == 200
    assert len(three.json()["results"]) >= len(one.json()["results"]) + 2


@pytest.mark.parametrize("resource", [r for r in LIST_QUERIES if r not in LOOKUP])
def test_pages_reached_by_position_cost_the_same(
    resource, world, agent_client, django_assert_num_queries
):
    for _ in range(3):
        MAKERS[resource](world)
    first = agent_client.get(f"/api/v1/{resource}/", {"page_size": 1}).json()
    with django_assert_num_queries(LIST_QUERIES[resource]):
        second = agent_client.get(first["next"])
    with django_assert_num_queries(LIST_QUERIES[resource]):
        back = agent_client.get(second.json()["previous"])
    assert back.json()["results"] == first["results"]


@pytest.mark.parametrize("resource", [r for r in DETAIL_QUERIES if r != "deletions"])
def test_detail_query_count_is_pinned(resource, world, agent_client, django_assert_num_queries):
    obj = MAKERS[resource](world)
    key = getattr(obj, LOOKUP.get(resource, "pk"))
    with django_assert_num_queries(DETAIL_QUERIES[resource]):
        response = agent_client.get(f"/api/v1/{resource}/{key}/")
    assert response.status_code == 200
    assert response["ETag"]


@pytest.mark.parametrize("resource", [r for r in MAKERS if r not in LOOKUP])
def test_every_list_returns_only_what_changed_since_a_moment(resource, world, agent_client):
    MAKERS[resource](world)
    past, future = "2000-01-01T00:00:00Z", "2999-01-01T00:00:00Z"
    assert agent_client.get(f"/api/v1/{resource}/", {"updated_since": past}).json()["results"]
    assert agent_client.get(f"/api/v1/{resource}/", {"updated_since": future}).json() == {
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize("resource", list(LOOKUP))
def test_the_referential_answers_updated_since_with_every_row(resource, world, agent_client):
    MAKERS[resource](world)
    every = agent_client.get(f"/api/v1/{resource}/").json()["count"]
    since = agent_client.get(f"/api/v1/{resource}/", {"updated_since": "2999-01-01T00:00:00Z"})
    assert since.json()["count"] == every > 0
