"""Correcting and removing an indicator through the API: `PATCH` and `DELETE` on
`/api/v1/indicators/{id}/`, for tokens with `plan:write` whose owner may add indicators to the
contract, through the same rules as the web pages."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from actors.enums import TokenScope
from actors.models import ApiToken
from indicators.enums import Periodicity, ValueStatus
from indicators.models import Indicator
from tests.actions.factories import ActionFactory
from tests.api.conftest import client_for
from tests.contracts.factories import AxisFactory
from tests.indicators.factories import IndicatorFactory

PLAN = [TokenScope.READ, TokenScope.PLAN_WRITE]
ALLOWED = ["agent", "coordinator", "admin"]
REFUSED = [("lead", 403), ("reader", 403), ("other_agent", 404)]


def url(indicator) -> str:
    return f"/api/v1/indicators/{indicator.pk}/"


def patch(client, indicator, body, **headers):
    return client.patch(url(indicator), body, format="json", **headers)


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_those_who_add_indicators_corrects_one(world, own, persona):
    response = patch(
        client_for(getattr(world, persona), PLAN),
        own,
        {
            "target_value": "30",
            "comment": "Relevé par le centre social",
            "definition": {"name": "Ateliers collectifs"},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["target_value"], body["comment"]) == (30, "Relevé par le centre social")
    assert body["definition"]["name"] == "Ateliers collectifs"
    assert response["ETag"]
    change = own.history.latest()
    assert (change.history_type, change.history_user) == ("~", getattr(world, persona))


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_those_who_add_indicators_removes_one(world, own, persona):
    value = own.values.get()
    response = client_for(getattr(world, persona), PLAN).delete(url(own))
    assert response.status_code == 204
    assert not Indicator.objects.filter(pk=own.pk).exists()
    removed = Indicator.history.filter(id=own.pk).latest()
    assert (removed.history_type, removed.history_user) == ("-", getattr(world, persona))
    feed = client_for(world.agent, [TokenScope.READ]).get("/api/v1/deletions/").json()
    assert {(row["resource"], row["object_id"]) for row in feed["results"]} == {
        ("indicators", str(own.pk)),
        ("indicator-values", str(value.pk)),
    }


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_a_plan_token_of_others_may_neither_correct_nor_remove(world, own, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    assert patch(client, own, {"target_value": "1"}).status_code == status
    assert client.delete(url(own)).status_code == status
    assert Indicator.objects.get(pk=own.pk).target_value == 60


@pytest.mark.parametrize(
    "scopes",
    [[TokenScope.READ], [TokenScope.READ, TokenScope.VALUES_WRITE, TokenScope.ACTIONS_WRITE]],
)
def test_a_token_without_plan_write_may_not_even_for_the_coordinator(world, own, scopes):
    client = client_for(world.coordinator, scopes)
    response = patch(client, own, {"target_value": "1"})
    assert response.status_code == 403
    assert response.json()["message"] == (
        "Ce jeton n'a pas le droit « plan:write » nécessaire à cette opération."
    )
    assert client.delete(url(own)).status_code == 403
    assert Indicator.objects.filter(pk=own.pk, target_value=60).exists()


def test_feeding_values_still_needs_values_write_only(world, own):
    client = client_for(world.coordinator, [TokenScope.READ, TokenScope.VALUES_WRITE])
    response = client.put(f"{url(own)}values/2026/", {"value": 3}, format="json")
    assert response.status_code == 201
    plan_only = client_for(world.coordinator, PLAN)
    assert plan_only.put(f"{url(own)}values/2026/", {"value": 4}, format="json").status_code == 403


def test_anonymous_callers_are_refused(own):
    api = APIClient()
    assert patch(api, own, {"target_value": "1"}).status_code in (401, 403)
    assert api.delete(url(own)).status_code in (401, 403)
    assert Indicator.objects.filter(pk=own.pk).exists()


def test_a_shared_definition_is_refused_under_definition(world, national):
    response = patch(
        client_for(world.coordinator, PLAN), national, {"definition": {"name": "Autre"}}
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "definition": {
            "name": [
                "Cet indicateur vient du catalogue national, partagé avec d'autres contrats : sa "
                "définition ne se modifie pas depuis un contrat."
            ]
        }
    }


def test_unit_and_periodicity_are_refused_once_a_value_is_entered(world, own):
    response = patch(
        client_for(world.coordinator, PLAN),
        own,
        {"definition": {"unit": "%", "periodicity": Periodicity.MONTH}},
    )
    assert response.status_code == 400
    details = response.json()["details"]["definition"]
    assert details["unit"][0].startswith("Son unité ne change plus : l'indicateur a déjà 1 valeur")
    assert details["periodicity"][0].startswith("Sa périodicité ne change plus")


def test_an_action_of_another_contract_is_not_offered(world, own):
    other_action = ActionFactory(axis=AxisFactory(contract=world.other_contract))
    response = patch(client_for(world.coordinator, PLAN), own, {"action": other_action.pk})
    assert response.status_code == 400
    assert "action" in response.json()["details"]
    moved = patch(client_for(world.coordinator, PLAN), own, {"action": world.lead_action.pk})
    assert moved.json()["action"] == world.lead_action.pk


def test_a_definition_correction_reaches_the_other_indicators_sharing_it(world, own):
    twin = IndicatorFactory(
        contract=world.contract, definition=own.definition, action=world.lead_action
    )
    before = twin.updated_at
    patch(client_for(world.coordinator, PLAN), own, {"definition": {"source": "Mairie"}})
    twin.refresh_from_db()
    assert twin.updated_at > before


def test_removing_an_indicator_with_validated_values_is_refused_with_the_way_out(world, own):
    own.values.update(status=ValueStatus.VALIDATED)
    response = client_for(world.coordinator, PLAN).delete(url(own))
    assert response.status_code == 400
    assert response.json()["details"]["non_field_errors"] == [
        "Cet indicateur a 1 valeur validée : 2025. Elles comptent dans les bilans du contrat : "
        "pour le supprimer, l'ARS doit d'abord revenir sur leur validation (page de "
        "l'indicateur) ; sinon, corrigez-le plutôt."
    ]
    assert Indicator.objects.filter(pk=own.pk).exists()


def test_a_stale_etag_is_refused(world, own):
    client = client_for(world.coordinator, PLAN)
    etag = client.get(url(own))["ETag"]
    patch(client, own, {"target_value": "31"}, HTTP_IF_MATCH=etag)
    assert patch(client, own, {"target_value": "32"}, HTTP_IF_MATCH=etag).status_code == 412
    assert client.delete(url(own), HTTP_IF_MATCH=etag).status_code == 412
    assert Indicator.objects.get(pk=own.pk).target_value == 31


def test_a_value_for_a_period_not_begun_is_refused(world, own):
    response = client_for(world.coordinator).put(
        f"{url(own)}values/2027/", {"value": 3}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "period": ["La période 2027 n'a pas commencé : sa valeur se saisit à partir du 01/01/2027."]
    }


def test_the_schema_documents_correcting_and_removing_an_indicator(client):
    document = client.get("/api/schema/?format=json").json()
    operations = document["paths"]["/api/v1/indicators/{id}/"]
    assert "plan:write" in operations["patch"]["description"]
    assert "plan:write" in operations["delete"]["description"]
    body = document["components"]["schemas"]["PatchedIndicatorInputRequest"]["properties"]
    assert {"definition", "action", "target_value", "comment"} <= set(body)


# --- Query counts ---------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(world):
    client = client_for(world.coordinator, PLAN)
    # The token's last use is recorded: the authentication then costs one query.
    ApiToken.objects.update(last_used_at=timezone.now())
    return client


def test_correcting_an_indicator_query_count(coordinator_client, own, django_assert_num_queries):
    with django_assert_num_queries(24):
        # 1 the token and its owner; 2 the request's savepoint; 3 memberships (roles) and ids of
        # the contracts seen; 4 the indicator, locked, with its definition, action and contract;
        # 5 is the owner coordinating; 6 the service's savepoint; 7 the values of the definition
        # (unit, periodicity and bounds are checked against them); 8-13 the definition's two
        # check constraints (each in a savepoint); 14 the definition saved, 15 its history row;
        # 16 the other indicators of the definition touched; 17-19 the indicator's dates checked;
        # 20 saved, 21 its history row; 22-23 released; 24 the indicator read back.
        response = patch(
            coordinator_client, own, {"target_value": "30", "definition": {"name": "Ateliers"}}
        )
    assert response.status_code == 200


def test_removing_an_indicator_query_count(coordinator_client, own, django_assert_num_queries):
    with django_assert_num_queries(16):
        # 1 the token and its owner; 2 the request's savepoint; 3 memberships (roles) and ids of
        # the contracts seen; 4 the indicator, locked, with its definition, action and contract;
        # 5 is the owner coordinating; 6 the service's savepoint; 7 its values; 8-10 its one
        # value's deletion, history row and tombstone; 11 values left to cascade (none); 12-14 the
        # indicator's deletion, history row and tombstone; 15-16 released.
        response = coordinator_client.delete(url(own))
    assert response.status_code == 204
