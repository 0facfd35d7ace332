"""Searching action sheets across territories: what each persona finds, and the filters."""

import pytest
from django.db import connection
from django.urls import reverse

from actions.enums import ActionStatus
from actions.models import Action, ActionSearchDocument
from actions.selectors import action_search
from contracts.models import Theme
from tests.actions.factories import ActionFactory
from tests.contracts.factories import AxisFactory

URL = reverse("action_search")


@pytest.fixture
def sheets(world):
    """A public and a confidential sheet in the contract, a public one in another région."""
    public = ActionFactory(
        axis=world.axis,
        number="1.2",
        title="Prévenir les chutes des personnes âgées",
        description="Ateliers d'équilibre dans les communes.",
    )
    secret = ActionFactory(
        axis=world.axis,
        number="1.3",
        title="Repérer les chutes à domicile",
        description="Visites confidentielles.",
        is_confidential=True,
    )
    elsewhere = ActionFactory(
        axis=AxisFactory(contract=world.other_contract),
        number="2.1",
        title="Prévenir les chutes en EHPAD",
        expected_results="Moins de chutes graves.",
        status=ActionStatus.DONE,
    )
    # The world's other sheets have random French sentences for texts: « Me chute même égal. »
    # was one. None may speak of falls.
    Action.objects.exclude(pk__in=[public.pk, secret.pk, elsewhere.pk]).update(
        title="Fiche sans rapport", description="", expected_results=""
    )
    return public, secret, elsewhere


def titles(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {action.title for action in response.context["page"].object_list}


def test_search_page_is_in_the_main_navigation(client, world):
    client.force_login(world.reader)
    assert URL in client.get(reverse("home")).text


def test_reader_finds_public_sheets_of_their_contracts_only(client, world, sheets):
    client.force_login(world.reader)
    assert titles(client, q="chutes") == {"Prévenir les chutes des personnes âgées"}


def test_coordinator_also_finds_the_confidential_sheets_of_their_contract(client, world, sheets):
    client.force_login(world.coordinator)
    assert titles(client, q="chutes") == {
        "Prévenir les chutes des personnes âgées",
        "Repérer les chutes à domicile",
    }


def test_lead_finds_their_own_confidential_sheet(client, world, sheets):
    _, secret, _ = sheets
    secret.lead_person = world.lead_action.lead_person
    secret.save()
    client.force_login(world.lead)
    assert "Repérer les chutes à domicile" in titles(client, q="chutes")


def test_ars_agents_find_their_region_and_administrators_everything(client, world, sheets):
    client.force_login(world.other_agent)
    assert titles(client, q="chutes") == {"Prévenir les chutes en EHPAD"}
    client.force_login(world.admin)
    assert len(titles(client, q="chutes")) == 3


def test_agent_of_a_region_finds_confidential_sheets_of_the_region(client, world, sheets):
    client.force_login(world.agent)
    assert "Repérer les chutes à domicile" in titles(client, q="chutes")


def test_search_looks_in_description_and_expected_results(client, world, sheets):
    client.force_login(world.admin)
    assert titles(client, q="équilibre") == {"Prévenir les chutes des personnes âgées"}
    assert titles(client, q="graves") == {"Prévenir les chutes en EHPAD"}


def test_filters_narrow_the_results(client, world, sheets):
    public, _, elsewhere = sheets
    public.themes.add(Theme.objects.get(code="prevention"))
    public.target_groups.add("older_people")
    elsewhere.determinants.add("access_to_care")
    client.force_login(world.admin)
    assert titles(client, theme="prevention") == {public.title}
    assert titles(client, target_group="older_people") == {public.title}
    assert titles(client, determinant="access_to_care") == {elsewhere.title}
    assert titles(client, status="done") == {elsewhere.title}
    region = world.other_contract.ars.region_id
    assert titles(client, region=region, q="chutes") == {elsewhere.title}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming needs PostgreSQL")
def test_postgresql_search_understands_french_words(world, sheets):
    # "chute" finds "chutes"; "prévention" finds "Prévenir" is too far, but plurals and accents work.
    found = {a.title for a in action_search(world.admin, q="chute")}
    assert "Prévenir les chutes des personnes âgées" in found


@pytest.mark.parametrize("rows", [1, 5])
def test_search_query_count_does_not_grow_with_the_results(
    client, world, django_assert_num_queries, rows
):
    for index in range(rows):
        action = ActionFactory(axis=world.axis, number=f"3.{index}", title=f"Santé {index}")
        action.themes.add(Theme.objects.first())
    client.force_login(world.coordinator)
    with django_assert_num_queries(10):
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4-7
        # choices of the theme, target group, determinant and région filters; 8 count of the
        # results; 9 the page of results with contract, territory, région and pilot; 10 their
        # themes.
        client.get(URL, {"q": "Santé"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the vectors")
def test_postgresql_keeps_each_action_searchable_however_it_is_written(world):
    created = ActionFactory(axis=world.axis, number="4.1", title="Dépistage du diabète")
    Action.objects.bulk_create(
        [Action(contract=world.contract, axis=world.axis, number="4.2", title="Vaccination")]
    )

    def found(words):
        return {a.number for a in action_search(world.admin, q=words)}

    assert found("diabète") == {"4.1"}
    assert found("vaccination") == {"4.2"}

    created.title = "Activité physique adaptée"
    created.save()
    assert found("diabète") == set()
    assert found("activité physique") == {"4.1"}

    Action.objects.filter(number="4.2").update(expected_results="Couverture vaccinale")
    assert found("couverture") == {"4.2"}

    created.delete()
    assert not ActionSearchDocument.objects.filter(action_id=created.pk).exists()
    assert ActionSearchDocument.objects.filter(action__number="4.2").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranks stored vectors")
def test_postgresql_ranks_best_matches_first_and_still_finds_an_action_left_unranked(world):
    ActionFactory(axis=world.axis, number="5.1", title="Nutrition", description="Repas.")
    ActionFactory(
        axis=world.axis,
        number="5.2",
        title="Nutrition des enfants",
        description="Nutrition à l'école, nutrition au collège.",
    )
    ActionFactory(axis=world.axis, number="5.3", title="Nutrition des aînés")

    def numbers():
        return [a.number for a in action_search(world.admin, q="nutrition")]

    assert numbers()[0] == "5.2"
    ActionSearchDocument.objects.filter(action__number="5.2").delete()
    assert numbers()[-1] == "5.2"
