"""Indicators and their values through the API: idempotent upsert, batch, partner feeds."""

from decimal import Decimal

import pytest
from django.utils import timezone

from actors.enums import MembershipRole, TokenScope
from actors.models import ApiToken
from contracts.enums import SignatoryRole
from indicators.enums import Periodicity, ValueStatus
from indicators.models import IndicatorValue
from tests.actions.factories import ActionFactory
from tests.actors.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.api.conftest import client_for, ids
from tests.contracts.factories import SignatoryFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)


@pytest.fixture
def indicator(world):
    return IndicatorFactory(contract=world.contract)


@pytest.fixture
def partner(world):
    """The account of an observatory's tool, its organisation partner of the contract."""
    observatory = OrganisationFactory(name="Observatoire régional de santé")
    SignatoryFactory(contract=world.contract, organisation=observatory, role=SignatoryRole.PARTNER)
    user = UserFactory()
    MembershipFactory(user=user, organisation=observatory, role=MembershipRole.PARTNER)
    return user


def put_value(client, indicator, period, value, figures=None, **headers):
    return client.put(
        f"/api/v1/indicators/{indicator.pk}/values/{period}/",
        {"value": value, **(figures or {})},
        format="json",
        **headers,
    )


def test_putting_the_same_value_twice_keeps_one_row(world, indicator):
    client = client_for(world.coordinator)
    first = put_value(client, indicator, "2025", 52)
    second = put_value(client, indicator, "2025", 52)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_a_corrected_value_goes_back_to_draft(world, indicator):
    IndicatorValueFactory(indicator=indicator, period="2025", status=ValueStatus.VALIDATED)
    response = put_value(client_for(world.coordinator), indicator, "2025", 53)
    assert response.status_code == 200
    assert response.json()["value"] == 53
    assert response.json()["status"] == ValueStatus.DRAFT


def test_a_value_out_of_bounds_is_refused_with_a_french_message(world, indicator):
    response = put_value(client_for(world.coordinator), indicator, "2025", 140)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["details"]["value"] == ["La valeur doit être inférieure ou égale à 100."]
    assert not IndicatorValue.objects.exists()


def test_a_malformed_period_is_refused(world, indicator):
    response = put_value(client_for(world.coordinator), indicator, "2025-13", 10)
    assert response.status_code == 400
    assert "period" in response.json()["details"]


def test_a_period_is_written_as_the_indicator_periodicity_says(world):
    quarterly = IndicatorFactory(
        contract=world.contract,
        definition=IndicatorDefinitionFactory(periodicity=Periodicity.QUARTER),
    )
    response = put_value(client_for(world.coordinator), quarterly, "2025-q3", 10)
    assert response.status_code == 201
    assert response.json()["period"] == "2025-Q3"
    assert (
        client_for(world.reader)
        .get(f"/api/v1/indicators/{quarterly.pk}/values/2025-Q3/")
        .json()["value"]
        == 10
    )


def test_a_stale_if_match_on_a_value_answers_412(world, indicator):
    client = client_for(world.coordinator)
    stale = put_value(client, indicator, "2025", 50)["ETag"]
    put_value(client, indicator, "2025", 51)
    response = put_value(client, indicator, "2025", 52, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert IndicatorValue.objects.get().value == Decimal(51)


def test_a_current_if_match_lets_the_value_be_corrected(world, indicator):
    client = client_for(world.coordinator)
    current = put_value(client, indicator, "2025", 50)["ETag"]
    response = put_value(client, indicator, "2025", 51, HTTP_IF_MATCH=current)
    assert response.status_code == 200
    assert IndicatorValue.objects.get().value == Decimal(51)


def test_a_stale_if_match_answers_412_even_when_the_value_is_unchanged(world, indicator):
    client = client_for(world.coordinator)
    stale = put_value(client, indicator, "2025", 50)["ETag"]
    put_value(client, indicator, "2025", 51)
    response = put_value(client, indicator, "2025", 51, HTTP_IF_MATCH=stale)
    assert response.status_code == 412


@pytest.mark.parametrize(
    ("figures", "messages"),
    [
        ({"numerator": 0, "denominator": 0}, ["Le dénominateur doit être strictement positif."]),
        (
            {"numerator": 12, "denominator": 10},
            ["Le numérateur ne peut pas dépasser le dénominateur."],
        ),
        ({"numerator": -1}, ["Le numérateur ne peut pas être négatif."]),
        (
            {"numerator": -5, "denominator": 0},
            [
                "Le dénominateur doit être strictement positif.",
                "Le numérateur ne peut pas être négatif.",
            ],
        ),
    ],
)
def test_inconsistent_figures_are_refused_with_a_french_message(
    world, indicator, figures, messages
):
    response = put_value(client_for(world.coordinator), indicator, "2025", 50, figures)
    assert response.status_code == 400
    assert response.json()["details"] == {"non_field_errors": messages}
    assert not IndicatorValue.objects.exists()


def test_correcting_a_value_into_inconsistent_figures_is_refused(world, indicator):
    client = client_for(world.coordinator)
    put_value(client, indicator, "2025", 50, {"numerator": 5, "denominator": 10})
    response = put_value(client, indicator, "2025", 50, {"numerator": 11, "denominator": 10})
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": ["Le numérateur ne peut pas dépasser le dénominateur."]
    }
    assert IndicatorValue.objects.get().numerator == Decimal(5)


def test_lead_feeds_the_indicators_of_their_action(world):
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    assert put_value(client_for(world.lead), indicator, "2025", 50).status_code == 201


def test_lead_cannot_feed_a_contract_indicator(world, indicator):
    assert put_value(client_for(world.lead), indicator, "2025", 50).status_code == 403


def test_reader_cannot_feed_values_even_with_the_scope(world, indicator):
    response = put_value(client_for(world.reader), indicator, "2025", 50)
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_partner_token_with_the_write_scope_feeds_its_contract(world, indicator, partner):
    client = client_for(partner, scopes=[TokenScope.READ, TokenScope.VALUES_WRITE])
    assert put_value(client, indicator, "2025", 50).status_code == 201
    assert IndicatorValue.objects.get().entered_by == partner


def test_partner_token_without_the_write_scope_cannot(world, indicator, partner):
    client = client_for(partner, scopes=[TokenScope.READ])
    response = put_value(client, indicator, "2025", 50)
    assert response.status_code == 403
    assert "values:write" in response.json()["message"]


def test_partner_is_refused_on_a_contract_it_is_not_party_to(world, partner):
    elsewhere = IndicatorFactory(contract=world.other_contract)
    response = put_value(client_for(partner), elsewhere, "2025", 50)
    assert response.status_code == 404


def test_partner_cannot_see_nor_feed_the_indicator_of_a_confidential_action(world, partner):
    secret = ActionFactory(axis=world.axis, number="1.8", is_confidential=True)
    indicator = IndicatorFactory(contract=world.contract, action=secret)
    client = client_for(partner)
    assert indicator.pk not in ids(client.get("/api/v1/indicators/"))
    assert put_value(client, indicator, "2025", 50).status_code == 404


def test_values_of_a_confidential_action_are_hidden_from_readers(world):
    secret = ActionFactory(axis=world.axis, number="1.8", is_confidential=True)
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract, action=secret)
    )
    assert ids(client_for(world.reader).get("/api/v1/indicator-values/")) == []
    assert ids(client_for(world.coordinator).get("/api/v1/indicator-values/")) == [value.pk]


def test_agent_of_another_region_sees_no_indicator_of_the_contract(world, indicator):
    IndicatorValueFactory(indicator=indicator)
    client = client_for(world.other_agent)
    assert ids(client.get("/api/v1/indicators/")) == []
    assert ids(client.get("/api/v1/indicator-values/")) == []
    assert client.get(f"/api/v1/indicators/{indicator.pk}/").status_code == 404


def test_batch_records_the_valid_values_and_explains_the_refused_ones(world, indicator):
    elsewhere = IndicatorFactory(contract=world.other_contract)
    response = client_for(world.coordinator).post(
        "/api/v1/indicator-values/batch/",
        {
            "values": [
                {"indicator": indicator.pk, "period": "2024", "value": 41},
                {"indicator": indicator.pk, "period": "2025", "value": 140},
                {"indicator": elsewhere.pk, "period": "2025", "value": 10},
                {"indicator": indicator.pk, "period": "2025-S1", "value": 10},
                {"indicator": indicator.pk, "value": 10},
                {"indicator": indicator.pk, "period": "2026", "value": 43},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["refused"]) == (2, 4)
    outcomes = [result["outcome"] for result in body["results"]]
    assert outcomes == ["created", "refused", "refused", "refused", "refused", "created"]
    assert body["results"][1]["details"] == {
        "value": ["La valeur doit être inférieure ou égale à 100."]
    }
    assert "indicator" in body["results"][2]["details"]
    assert "period" in body["results"][3]["details"]
    assert "period" in body["results"][4]["details"]
    assert sorted(IndicatorValue.objects.values_list("period", flat=True)) == ["2024", "2026"]


def test_resending_a_whole_year_in_a_batch_changes_nothing(world, indicator):
    monthly = IndicatorFactory(
        contract=world.contract,
        definition=IndicatorDefinitionFactory(periodicity=Periodicity.MONTH),
    )
    feed = {
        "values": [
            {"indicator": monthly.pk, "period": f"2025-{month:02d}", "value": month}
            for month in range(1, 13)
        ]
    }
    client = client_for(world.coordinator)
    first = client.post("/api/v1/indicator-values/batch/", feed, format="json").json()
    second = client.post("/api/v1/indicator-values/batch/", feed, format="json").json()
    assert {r["outcome"] for r in first["results"]} == {"created"}
    assert {r["outcome"] for r in second["results"]} == {"unchanged"}
    assert IndicatorValue.objects.filter(indicator=monthly).count() == 12


def test_batch_explains_inconsistent_figures_in_french(world, indicator):
    response = client_for(world.coordinator).post(
        "/api/v1/indicator-values/batch/",
        {
            "values": [
                {"indicator": indicator.pk, "period": "2024", "value": 50, "denominator": 0},
                {"indicator": indicator.pk, "period": "2025", "value": 50, "numerator": 5},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    first, second = response.json()["results"]
    assert first["outcome"] == "refused"
    assert first["details"] == {
        "non_field_errors": ["Le dénominateur doit être strictement positif."]
    }
    assert second["outcome"] == "created"


def test_an_empty_or_malformed_batch_is_refused(world):
    client = client_for(world.coordinator)
    for body in ({"values": []}, {"values": "2025"}, {}):
        response = client.post("/api/v1/indicator-values/batch/", body, format="json")
        assert response.status_code == 400, response.content


def test_a_malformed_item_is_refused_alone_and_the_others_recorded(world, indicator):
    items = [1, {"indicator": indicator.pk, "period": "2025", "value": "40"}, None, "2025"]
    response = client_for(world.coordinator).post(
        "/api/v1/indicator-values/batch/", {"values": items}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["refused"]) == (1, 3)
    assert [result["outcome"] for result in body["results"]] == [
        "refused",
        "created",
        "refused",
        "refused",
    ]
    assert "objet JSON" in str(body["results"][0]["details"])


def test_values_filter_by_contract_period_and_status(world, indicator):
    kept = IndicatorValueFactory(indicator=indicator, period="2025")
    IndicatorValueFactory(indicator=indicator, period="2024")
    client = client_for(world.agent)
    url = f"/api/v1/indicator-values/?contract={world.contract.pk}&period=2025&status=draft"
    assert ids(client.get(url)) == [kept.pk]


# --- Query counts ------------------------------------------------------------------------------


@pytest.fixture
def tool(world):
    """The coordinator's tool, whose last use was just recorded: authenticating costs 1 query."""
    client = client_for(world.coordinator)
    ApiToken.objects.update(last_used_at=timezone.now())
    return client


def test_putting_a_value_costs_nine_queries_and_resending_it_seven(
    world, indicator, tool, django_assert_num_queries
):
    # 1 the token and its owner; 2 the owner's memberships and the ids of the contracts they
    # see (`roles_of`, `contract_scope`); 3 the indicator with its definition, action and
    # contract; 4 is the owner coordinating it (`can_feed_values`); then the service's
    # transaction (a savepoint in tests): 5 SAVEPOINT, 6 the value of the period, locked (the
    # If-Match check is made on it); 7 its INSERT or UPDATE, 8 its history row, 9 RELEASE
    # SAVEPOINT. The same value sent again skips 7 and 8: 7 queries.
    with django_assert_num_queries(9):
        created = put_value(tool, indicator, "2025", 52, {"numerator": 52, "denominator": 100})
    with django_assert_num_queries(7):
        unchanged = put_value(tool, indicator, "2025", 52, {"numerator": 52, "denominator": 100})
    with django_assert_num_queries(9):
        updated = put_value(tool, indicator, "2025", 53, HTTP_IF_MATCH=unchanged["ETag"])
    assert (created.status_code, unchanged.status_code, updated.status_code) == (201, 200, 200)


@pytest.mark.parametrize("count", [1, 4])
def test_batch_costs_four_queries_and_a_few_more_per_value(
    world, tool, django_assert_num_queries, count
):
    monthly = IndicatorFactory(
        contract=world.contract,
        definition=IndicatorDefinitionFactory(periodicity=Periodicity.MONTH),
    )

    def send(shift):
        feed = [
            {"indicator": monthly.pk, "period": f"2025-{month:02d}", "value": month + shift}
            for month in range(1, count + 1)
        ]
        response = tool.post("/api/v1/indicator-values/batch/", {"values": feed}, format="json")
        return {result["outcome"] for result in response.json()["results"]}

    # 1 the token and its owner; 2 the owner's memberships and the ids of the contracts they
    # see; once per indicator: 3 the indicator with its definition, action and contract, 4 is
    # the owner coordinating it. Then each value, in its own transaction: SAVEPOINT, the
    # value of the period, locked, its INSERT or UPDATE, its history row, RELEASE SAVEPOINT;
    # a value sent again unchanged skips the writes: 3 queries.
    with django_assert_num_queries(4 + 5 * count):
        assert send(shift=0) == {"created"}
    with django_assert_num_queries(4 + 3 * count):
        assert send(shift=0) == {"unchanged"}
    with django_assert_num_queries(4 + 5 * count):
        assert send(shift=1) == {"updated"}
