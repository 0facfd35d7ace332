"""The busiest lists are made by PostgreSQL (config/fastpaths/json_rows.py): they must show exactly what
the serializer shows, field by field, and page the same way."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from rest_framework.mixins import ListModelMixin

from actions.enums import ActionStatus
from actions.models import Action, Determinant, TargetGroup
from config.api_base import ReadViewSet
from config.fastpaths.json_rows import DatabaseRowsMixin, row_sql
from contracts.enums import BodyKind, SignatoryRole
from contracts.models import Contract, Objective, Theme
from indicators.api import ValueSerializer
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.api.conftest import client_for
from tests.contracts.factories import (
    ContractFactory,
    GovernanceBodyFactory,
    ObjectiveFactory,
    SignatoryFactory,
)
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database path exists on PostgreSQL only"
)


def both_paths(monkeypatch, client, url, **query) -> tuple[dict, dict]:
    """The answer of the database path, then the serializer path's answer to the same call."""
    database = client.get(url, query)
    assert database.status_code == 200, database.content
    assert database["Content-Type"] == "application/json"
    with monkeypatch.context() as patched:
        patched.setattr(DatabaseRowsMixin, "list", ListModelMixin.list)
        serializer = client.get(url, query)
    return database.json(), serializer.json()


def both_details(monkeypatch, client, url):
    """A detail from each path: (status, ETag, body) of the database's, then the serializer's."""
    answers = []
    for path in ("database", "serializer"):
        with monkeypatch.context() as patched:
            if path == "serializer":
                patched.setattr(DatabaseRowsMixin, "retrieve", ReadViewSet.retrieve)
            response = client.get(url)
        answers.append((response.status_code, response.get("ETag"), response.content))
    return answers


@pytest.fixture
def rich_actions(world):
    """Actions with every kind of field: relations, late or not, confidential, no lead."""
    objectives = [ObjectiveFactory(axis=world.axis) for _ in range(2)]
    partners = [OrganisationFactory() for _ in range(2)]
    late = ActionFactory(
        axis=world.axis,
        status=ActionStatus.IN_PROGRESS,
        starts_on=datetime.date(2019, 1, 1),
        planned_end_on=datetime.date(2020, 1, 1),
        lead_person=PersonFactory(first_name="Élodie", last_name="L'Hénoret"),
        description='Guillemets " et barre \\ et retour\nà la ligne',
    )
    late.objectives.set(objectives)
    late.partners.set(partners)
    late.target_groups.set(TargetGroup.objects.all()[:3])
    late.determinants.set(Determinant.objects.all()[:2])
    late.themes.set(Theme.objects.all()[:2])
    ActionFactory(axis=world.axis, status=ActionStatus.DONE, planned_end_on=None, lead_person=None)
    ActionFactory(axis=world.axis, is_confidential=True)
    return Action.objects.filter(contract=world.contract)


def test_actions_list_shows_what_the_serializer_shows(world, rich_actions, monkeypatch):
    database, serializer = both_paths(
        monkeypatch, client_for(world.agent), "/api/v1/actions/", page_size=2
    )

    assert database == serializer
    assert "count" not in database
    late = next(
        row
        for row in client_for(world.agent).get("/api/v1/actions/").json()["results"]
        if row["objectives"]
    )
    assert late["is_late"] is True
    assert late["lead_person_name"] == "Élodie L'Hénoret"
    assert late["objectives"] == sorted(late["objectives"])
    assert late["updated_at"].endswith("Z")


def test_values_list_shows_what_the_serializer_shows(world, monkeypatch):
    indicator = IndicatorFactory(contract=world.contract)
    for year, value in (("2024", Decimal("12.5")), ("2025", Decimal("0.125"))):
        IndicatorValueFactory(
            indicator=indicator, period=year, value=value, numerator=Decimal(1), denominator=8
        )
    IndicatorValueFactory(indicator=IndicatorFactory(contract=world.other_contract))

    database, serializer = both_paths(
        monkeypatch, client_for(world.agent), "/api/v1/indicator-values/"
    )

    assert database == serializer
    assert {row["value"] for row in database["results"]} == {12.5, 0.125}
    assert {row["contract"] for row in database["results"]} == {world.contract.pk}


def test_pages_link_to_each_other_as_the_serializer_path_does(world, monkeypatch):
    for _ in range(4):
        ActionFactory(axis=world.axis)
    client = client_for(world.agent)

    pages, url = [], "/api/v1/actions/?page_size=2"
    while url:
        database, serializer = both_paths(monkeypatch, client, url)
        assert database == serializer
        pages.append(database)
        url = database["next"]
    back, back_by_serializer = both_paths(monkeypatch, client, pages[-1]["previous"])

    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert pages[0]["previous"] is None
    assert back == back_by_serializer
    assert back["results"] == pages[1]["results"]
    seen = [row["id"] for page in pages for row in page["results"]]
    assert sorted(seen) == sorted(Action.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("page", ["2", "0", "abc"])
def test_a_page_number_is_a_400_in_french(world, page):
    response = client_for(world.agent).get("/api/v1/actions/", {"page": page})

    assert response.status_code == 400
    assert "suivez le lien « next »" in str(response.json()["details"]["page"])


def test_an_empty_list_is_a_page_of_nothing(world):
    response = client_for(world.other_agent).get("/api/v1/actions/")

    assert response.json() == {"next": None, "previous": None, "results": []}


def test_confidential_actions_stay_hidden_on_the_database_path(world, rich_actions):
    shown = {
        row["id"] for row in client_for(world.reader).get("/api/v1/actions/").json()["results"]
    }

    assert shown == set(rich_actions.filter(is_confidential=False).values_list("pk", flat=True))
    assert Objective.objects.exists()


def test_action_details_are_what_the_serializer_gives_etag_included(
    world, rich_actions, monkeypatch
):
    client = client_for(world.agent)
    for action in rich_actions:
        database, serializer = both_details(monkeypatch, client, f"/api/v1/actions/{action.pk}/")
        assert database == serializer
        assert database[0] == 200


def test_value_details_are_what_the_serializer_gives_etag_included(world, monkeypatch):
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract),
        value=Decimal("12.5"),
        numerator=Decimal(1),
        denominator=8,
    )

    database, serializer = both_details(
        monkeypatch, client_for(world.agent), f"/api/v1/indicator-values/{value.pk}/"
    )

    assert database == serializer


@pytest.mark.parametrize("who", ["reader", "other_agent"])
def test_a_detail_out_of_sight_is_a_404_on_the_database_path(world, rich_actions, who):
    confidential = rich_actions.get(is_confidential=True)

    response = client_for(getattr(world, who)).get(f"/api/v1/actions/{confidential.pk}/")

    assert response.status_code == 404
    assert "introuvable" in response.json()["message"]


@pytest.mark.parametrize("pk", ["999999", "abc", "9" * 30])
def test_a_detail_that_does_not_exist_is_a_404_on_the_database_path(world, pk):
    assert client_for(world.agent).get(f"/api/v1/actions/{pk}/").status_code == 404


def test_a_detail_already_held_is_a_304_on_the_database_path(world):
    action = ActionFactory(axis=world.axis)
    client = client_for(world.agent)
    etag = client.get(f"/api/v1/actions/{action.pk}/")["ETag"]

    response = client.get(f"/api/v1/actions/{action.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_a_row_that_would_join_another_table_is_refused():
    # The compiled row names the model's table only: a join's alias would not hold elsewhere.
    with pytest.raises(ImproperlyConfigured, match="sous-requête"):
        row_sql(ValueSerializer, {"contract": F("indicator__contract_id")})


@pytest.fixture
def rich_contract(world):
    """A contract with every kind of field: signatories and partners in a set order, bodies,
    linked schemes, a predecessor; and one with none of them."""
    contract = world.contract
    contract.linked_schemes = ["clsm", "asv"]
    contract.summary = 'Guillemets " et retour\nà la ligne'
    contract.save()
    SignatoryFactory(contract=contract, order=2)
    SignatoryFactory(contract=contract, order=1, role=SignatoryRole.PARTNER, signed_on=None)
    GovernanceBodyFactory(contract=contract, kind=BodyKind.COTECH, name="Technique")
    GovernanceBodyFactory(contract=contract, kind=BodyKind.COPIL, name="Pilotage")
    ContractFactory(
        ars=contract.ars, territory=contract.territory, predecessor=contract, generation=2
    )
    return contract


def test_contracts_list_shows_what_the_serializer_shows(world, rich_contract, monkeypatch):
    database, serializer = both_paths(monkeypatch, client_for(world.agent), "/api/v1/contracts/")

    assert database == serializer
    shown = next(row for row in database["results"] if row["id"] == rich_contract.pk)
    assert [s["role"] for s in shown["signatories"]] == list(
        rich_contract.signatories.order_by("order", "id").values_list("role", flat=True)
    )
    assert [b["name"] for b in shown["bodies"]] == ["Pilotage", "Technique"]
    assert shown["web_url"] == f"http://testserver/contracts/{rich_contract.pk}/"
    assert shown["region"] == rich_contract.ars.region_id


def test_contract_details_are_what_the_serializer_gives_etag_included(
    world, rich_contract, monkeypatch
):
    client = client_for(world.agent)
    for contract in Contract.objects.filter(ars=rich_contract.ars):
        url = f"/api/v1/contracts/{contract.pk}/"
        database, serializer = both_details(monkeypatch, client, url)
        assert database == serializer
        assert database[0] == 200


def test_indicators_list_and_details_show_what_the_serializer_shows(world, monkeypatch):
    definition = IndicatorDefinitionFactory(
        min_value=Decimal(0), max_value=Decimal(100), numerator_label="Habitants suivis"
    )
    IndicatorFactory(contract=world.contract, definition=definition, target_value=Decimal("60.5"))
    IndicatorFactory(contract=world.contract, action=ActionFactory(axis=world.axis))
    client = client_for(world.agent)

    database, serializer = both_paths(monkeypatch, client, "/api/v1/indicators/")

    assert database == serializer
    assert len(database["results"]) == 2
    for row in database["results"]:
        detail = both_details(monkeypatch, client, f"/api/v1/indicators/{row['id']}/")
        assert detail[0] == detail[1]
