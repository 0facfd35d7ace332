"""Searching action sheets across territories: what each persona finds, and the filters."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from actions.enums import ActionStatus
from actions.models import Action, ActionSearchDocument, TargetGroup
from actions.selectors import action_search
from contracts.enums import ContractStatus
from contracts.models import Theme
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.actors.factories import UserFactory
from tests.contracts.factories import AxisFactory, ContractFactory

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


def test_reader_finds_public_sheets_of_every_public_signed_contract(client, world, sheets):
    client.force_login(world.reader)
    assert titles(client, q="chutes") == {
        "Prévenir les chutes des personnes âgées",
        "Prévenir les chutes en EHPAD",
    }


def test_a_user_without_any_role_finds_the_public_sheets_of_france_only(client, world, sheets):
    unpublished = ContractFactory(is_public=False)
    unsigned = ContractFactory(status=ContractStatus.ELABORATION, signed_on=None)
    ended = ContractFactory(ends_on=datetime.date(2025, 12, 31))
    for number, contract in enumerate((unpublished, unsigned, ended), start=1):
        ActionFactory(
            axis=AxisFactory(contract=contract), number=f"9.{number}", title="Chutes à éviter"
        )
    client.force_login(UserFactory())
    assert titles(client, q="chutes") == {
        "Prévenir les chutes des personnes âgées",
        "Prévenir les chutes en EHPAD",
    }


def test_coordinator_also_finds_the_confidential_sheets_of_their_contract(client, world, sheets):
    client.force_login(world.coordinator)
    assert titles(client, q="chutes") == {
        "Prévenir les chutes des personnes âgées",
        "Repérer les chutes à domicile",
        "Prévenir les chutes en EHPAD",
    }


def test_coordinator_of_an_unpublished_contract_finds_its_sheets(client, world, sheets):
    world.contract.is_public = False
    world.contract.save()
    client.force_login(world.coordinator)
    assert "Repérer les chutes à domicile" in titles(client, q="chutes")
    client.force_login(world.other_agent)
    assert titles(client, q="chutes") == {"Prévenir les chutes en EHPAD"}


def test_lead_finds_their_own_confidential_sheet(client, world, sheets):
    _, secret, _ = sheets
    secret.lead_person = world.lead_action.lead_person
    secret.save()
    client.force_login(world.lead)
    assert "Repérer les chutes à domicile" in titles(client, q="chutes")


def test_agent_of_another_region_finds_public_sheets_but_no_confidential_one(client, world, sheets):
    client.force_login(world.other_agent)
    assert titles(client, q="chutes") == {
        "Prévenir les chutes des personnes âgées",
        "Prévenir les chutes en EHPAD",
    }


def test_agent_of_a_region_finds_confidential_sheets_of_the_region(client, world, sheets):
    client.force_login(world.agent)
    assert "Repérer les chutes à domicile" in titles(client, q="chutes")


def test_administrators_find_everything(client, world, sheets):
    ActionFactory(
        axis=AxisFactory(contract=ContractFactory(is_public=False)),
        title="Chutes confidentielles",
        is_confidential=True,
    )
    client.force_login(world.admin)
    assert len(titles(client, q="chutes")) == 4


def test_anonymous_visitors_are_sent_to_the_login_page(client, world, sheets):
    response = client.get(URL, {"q": "chutes"})
    assert response.status_code == 302
    assert reverse("login") in response.url


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
        # 1-2 session and user; 3 memberships (roles) and ids of the contracts seen; 4 count
        # of the results in each région; 5 the page of results with contract, territory,
        # région and pilot; 6 their themes; 7-9 choices of the theme, target group and
        # determinant filters; 10 the régions where the search finds something.
        client.get(URL, {"q": "Santé"})


# --- Accents and capitals, on PostgreSQL and SQLite alike ------------------------------------


@pytest.fixture
def accented(world):
    Action.objects.update(title="Fiche sans rapport", description="", expected_results="")
    return [
        ActionFactory(axis=world.axis, number="6.1", title="Santé mentale des jeunes"),
        ActionFactory(axis=world.axis, number="6.2", title="Hôpital de proximité"),
        ActionFactory(axis=world.axis, number="6.3", title="ÉDUCATION à la santé"),
        ActionFactory(axis=world.axis, number="6.4", title="Prévention", description="Cœur"),
        ActionFactory(axis=world.axis, number="6.5", title="Sante des travailleurs"),
    ]


@pytest.mark.parametrize(
    ("words", "numbers"),
    [
        ("sante mentale", {"6.1"}),
        ("SANTÉ MENTALE", {"6.1"}),
        ("hopital", {"6.2"}),
        ("éducation", {"6.3"}),
        ("education", {"6.3"}),
        ("coeur", {"6.4"}),
        ("travailleurs", {"6.5"}),
        ("santé travailleurs", {"6.5"}),
    ],
)
def test_search_ignores_accents_and_capitals(client, world, accented, words, numbers):
    client.force_login(world.coordinator)
    response = client.get(URL, {"q": words})
    assert {action.number for action in response.context["page"].object_list} == numbers


# --- What a result opens -----------------------------------------------------------------------


def test_a_result_opens_the_sheet_where_the_user_sees_the_contract(client, world, sheets):
    public, _, elsewhere = sheets
    client.force_login(world.reader)
    response = client.get(URL, {"q": "chutes"})
    links = {action.pk: action.url for action in response.context["page"].object_list}
    assert links[public.pk] == reverse("action_sheet", args=[world.contract.pk, public.pk])
    assert links[elsewhere.pk] == reverse("searched_action", args=[elsewhere.pk])
    assert links[elsewhere.pk] in response.text


def test_a_user_opens_a_public_sheet_of_another_territory(client, world, sheets):
    _, _, elsewhere = sheets
    elsewhere.themes.add(Theme.objects.get(code="prevention"))
    ActionUpdateFactory(action=elsewhere, text="Note interne au comité de pilotage")
    client.force_login(world.reader)
    response = client.get(reverse("searched_action", args=[elsewhere.pk]))
    assert response.status_code == 200
    assert "Prévenir les chutes en EHPAD" in response.text
    assert "CLS du Pays de Craon" in response.text
    assert Theme.objects.get(code="prevention").label in response.text
    assert "Note interne" not in response.text


def test_nobody_opens_a_confidential_or_unpublished_sheet_through_the_search(client, world, sheets):
    _, secret, _ = sheets
    hidden = ActionFactory(axis=AxisFactory(contract=ContractFactory(is_public=False)))
    client.force_login(world.other_agent)
    for action in (secret, hidden):
        assert client.get(reverse("searched_action", args=[action.pk])).status_code == 404
    assert client.get(reverse("searched_action", args=[2**64])).status_code == 404


def test_coordinator_opens_their_confidential_sheet_through_the_search(client, world, sheets):
    _, secret, _ = sheets
    client.force_login(world.coordinator)
    assert client.get(reverse("searched_action", args=[secret.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_searched_sheet_query_count_does_not_grow_with_its_lists(
    client, world, sheets, django_assert_num_queries, rows
):
    _, _, elsewhere = sheets
    elsewhere.themes.add(*Theme.objects.all()[:rows])
    elsewhere.target_groups.add(*TargetGroup.objects.all()[:rows])
    client.force_login(world.reader)
    with django_assert_num_queries(7):
        # 1-2 session and user; 3 roles and contract scope; 4 the action with its axis,
        # pilot, contract, territory and région, if the user finds it; 5-7 its themes,
        # target groups and determinants.
        client.get(reverse("searched_action", args=[elsewhere.pk]))


# --- The région filter and an empty result ---------------------------------------------------


def offered_regions(response) -> set[str]:
    return {region.pk for region in response.context["form"].fields["region"].queryset}


def test_region_filter_offers_only_regions_with_results(client, world, sheets):
    here, there = world.contract.ars.region_id, world.other_contract.ars.region_id
    client.force_login(world.reader)
    assert offered_regions(client.get(URL, {"q": "chutes"})) == {here, there}
    assert offered_regions(client.get(URL, {"q": "EHPAD"})) == {there}
    assert offered_regions(client.get(URL, {"status": "done"})) == {there}


def test_region_filter_keeps_the_chosen_region_even_without_results(client, world, sheets):
    here = world.contract.ars.region_id
    client.force_login(world.reader)
    response = client.get(URL, {"q": "EHPAD", "region": here})
    assert not response.context["page"].object_list
    assert here in offered_regions(response)
    assert f'<option value="{here}" selected>' in response.text


def test_an_empty_result_says_so_and_suggests_what_to_try(client, world, sheets):
    client.force_login(world.reader)
    response = client.get(URL, {"q": "téléconsultation", "status": "done"})
    assert "Aucune fiche action ne correspond à cette recherche" in response.text
    assert "moins de mots" in response.text
    assert "autre orthographe" in response.text
    assert f"{URL}?q=t%C3%A9l%C3%A9consultation" in response.text  # the same words, no filter


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
