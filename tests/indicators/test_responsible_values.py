"""The person following an indicator enters, corrects and submits its values, in the grid and
through the API; the other rows stay read-only for them, and an indicator of a confidential
action stays out of their reach."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.enums import ValueStatus
from indicators.models import IndicatorValue
from tests.actions.factories import ActionFactory
from tests.actors.factories import PersonFactory, UserFactory
from tests.api.conftest import client_for
from tests.api.test_indicators_api import put_value
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


@pytest.fixture
def follower(db):
    return UserFactory()


@pytest.fixture
def following(follower):
    """The person `follower` is, as named on indicators."""
    return PersonFactory(user=follower)


@pytest.fixture
def followed(world, following):
    """An indicator of the contract followed by `follower`, and one they do not follow."""
    mine = IndicatorFactory(
        contract=world.contract,
        definition__name="Ateliers de prévention tenus",
        responsible=following,
    )
    other = IndicatorFactory(contract=world.contract, definition__name="Taux de vaccination")
    return mine, other


def grid_url(contract):
    return reverse("values_grid", args=[contract.pk])


def cell(indicator, period):
    return f"value-{indicator.pk}-{period}"


def test_the_follower_enters_their_indicator_only(client, world, follower, followed):
    mine, other = followed
    client.force_login(follower)
    page = client.get(grid_url(world.contract))
    assert page.status_code == 200
    assert cell(mine, "2026") in page.text
    assert cell(other, "2026") not in page.text
    assert "Enregistrer les valeurs" in page.text

    assert client.post(grid_url(world.contract), {cell(mine, "2026"): "4"}).status_code == 302
    # A cell of a row they do not follow refuses the whole grid, as for an action's lead.
    refused = client.post(grid_url(world.contract), {cell(other, "2026"): "50"})

    assert refused.status_code == 403
    assert IndicatorValue.objects.get(indicator=mine).value == 4
    assert not IndicatorValue.objects.filter(indicator=other).exists()


def test_the_follower_submits_their_drafts_only(client, world, follower, followed):
    mine, other = followed
    drafted = IndicatorValueFactory(indicator=mine, period="2025", value=Decimal("3"))
    untouched = IndicatorValueFactory(indicator=other, period="2025", value=Decimal("45"))
    client.force_login(follower)

    response = client.post(reverse("values_submit", args=[world.contract.pk]))

    assert response.status_code == 302
    drafted.refresh_from_db()
    untouched.refresh_from_db()
    assert (drafted.status, untouched.status) == (ValueStatus.SUBMITTED, ValueStatus.DRAFT)


def test_the_indicator_page_offers_the_follower_to_enter_values(client, world, follower, followed):
    mine, other = followed
    client.force_login(follower)
    own_page = client.get(reverse("indicator_detail", args=[world.contract.pk, mine.pk]))
    other_page = client.get(reverse("indicator_detail", args=[world.contract.pk, other.pk]))
    assert "Saisir les valeurs" in own_page.text
    assert "Voir la grille des valeurs" in other_page.text


def test_the_follower_feeds_their_indicator_through_the_api(world, follower, followed):
    mine, other = followed
    api = client_for(follower)
    assert put_value(api, mine, "2025", 7).status_code == 201
    refused = put_value(api, other, "2025", 50)
    assert refused.status_code == 403
    assert "Vous ne pouvez pas saisir de valeurs" in refused.json()["message"]
    assert list(IndicatorValue.objects.values_list("indicator", flat=True)) == [mine.pk]


def test_an_indicator_of_a_confidential_action_stays_out_of_reach(
    client, world, follower, following
):
    secret = ActionFactory(axis=world.axis, number="1.2", is_confidential=True)
    hidden = IndicatorFactory(contract=world.contract, action=secret, responsible=following)
    client.force_login(follower)
    assert cell(hidden, "2026") not in client.get(grid_url(world.contract)).text
    assert client.post(grid_url(world.contract), {cell(hidden, "2026"): "4"}).status_code == 403
    assert put_value(client_for(follower), hidden, "2025", 4).status_code == 404
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_followers_grid_query_count_does_not_grow_with_the_rows(
    client, world, follower, following, django_assert_num_queries, rows
):
    for index in range(rows):
        indicator = IndicatorFactory(contract=world.contract, responsible=following)
        IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal(index))
    client.force_login(follower)
    with django_assert_num_queries(7):
        # As for an action's lead (test_values_grid.py): the indicators come with the person
        # following each one, so telling which rows are editable reads nothing more.
        client.get(grid_url(world.contract))


@pytest.mark.parametrize(("persona", "queries"), [("follower", 8), ("coordinator", 9)])
def test_feeding_a_followed_indicator_reads_who_may_with_the_indicator(
    world, follower, followed, django_assert_num_queries, persona, queries
):
    mine, _ = followed
    api = client_for(follower if persona == "follower" else world.coordinator)
    put_value(api, mine, "2024", 3)
    # The token, the roles and scope, the indicator with its action's lead and the person
    # following it, then the value's savepoint, lock, write and history: who may feed it costs
    # no query of its own (a coordinator's current assignment is the one more).
    with django_assert_num_queries(queries):
        assert put_value(api, mine, "2025", 4).status_code == 201
