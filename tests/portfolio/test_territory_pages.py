"""Région, département, EPCI and commune pages: contracts covering them and coverage."""

import datetime
import html

import pytest
from django.urls import reverse

from contracts.enums import ContractStatus
from tests.contracts.factories import ContractFactory
from tests.territories.factories import CommuneFactory, EpciFactory, TerritoryFactory


@pytest.fixture
def region_map(world):
    """The contract's région with one more EPCI that has no contract."""
    covered = world.contract.territory.communes.get()
    covered.epci = EpciFactory(name="CC couverte")
    covered.save()
    silent = EpciFactory(name="CC sans contrat")
    CommuneFactory(departement=covered.departement, epci=silent, population=1000)
    return covered


def test_region_page_shows_coverage_and_silent_territories(client, world, region_map):
    client.force_login(world.agent)
    response = client.get(reverse("region_detail", args=[region_map.region_id]))
    coverage = response.context["coverage"]
    assert [c.title for c in coverage.contracts] == ["CLS de Belle-Île-en-Mer"]
    assert coverage.population == region_map.population + 1000
    assert coverage.population_covered == region_map.population
    assert [e.name for e in response.context["cockpit"].uncovered] == ["CC sans contrat"]
    assert "Démarrer un CLS sur CC sans contrat" in response.text


def test_coverage_counts_contracts_in_force_and_the_communes_of_the_territory_only(
    client, world, region_map
):
    departement = region_map.departement
    # An EPCI with one covered commune is not silent, whatever its other communes.
    CommuneFactory(departement=departement, epci=region_map.epci, population=300)
    # An EPCI across two régions counts its communes in this one only.
    across = EpciFactory(name="CC à cheval")
    CommuneFactory(departement=departement, epci=across, population=2000)
    CommuneFactory(epci=across, population=90_000)
    # A closed contract covers nothing, but it is still a contract of the territory.
    closed_commune = CommuneFactory(
        departement=departement, epci=EpciFactory(name="CC au contrat clos"), population=500
    )
    ContractFactory(
        title="CLS clos",
        territory=TerritoryFactory(communes=[closed_commune]),
        status=ContractStatus.CLOSED,
        signed_on=datetime.date(2014, 12, 1),
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2019, 12, 31),
    )
    client.force_login(world.agent)

    response = client.get(reverse("region_detail", args=[region_map.region_id]))
    coverage = response.context["coverage"]

    assert (coverage.communes, coverage.communes_covered) == (5, 1)
    assert coverage.population == region_map.population + 300 + 2000 + 1000 + 500
    assert coverage.population_covered == region_map.population
    assert [(e.name, e.population) for e in response.context["cockpit"].uncovered] == [
        ("CC à cheval", 2000),
        ("CC sans contrat", 1000),
        ("CC au contrat clos", 500),
    ]
    assert [c.title for c in coverage.contracts] == ["CLS de Belle-Île-en-Mer", "CLS clos"]


def test_departement_epci_and_commune_pages_list_covering_contracts(client, world, region_map):
    client.force_login(world.agent)
    for url in (
        reverse("departement_detail", args=[region_map.departement_id]),
        reverse("epci_detail", args=[region_map.epci_id]),
        reverse("commune_detail", args=[region_map.code]),
    ):
        response = client.get(url)
        assert [c.title for c in response.context["coverage"].contracts] == [
            "CLS de Belle-Île-en-Mer"
        ]


def test_contracts_outside_the_users_scope_are_not_listed_but_count_in_coverage(
    client, world, region_map
):
    client.force_login(world.other_agent)
    response = client.get(reverse("commune_detail", args=[region_map.code]))
    assert list(response.context["coverage"].contracts) == []
    assert response.context["coverage"].communes_covered == 1


def test_unknown_territory_is_a_404(client, world):
    client.force_login(world.agent)
    assert client.get(reverse("commune_detail", args=["00000"])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, world):
    assert (
        client.get(reverse("region_detail", args=[world.contract.ars.region_id])).status_code == 302
    )


@pytest.mark.parametrize("extra", [0, 4])
def test_region_page_query_count_does_not_grow(
    client, world, region_map, django_assert_num_queries, extra
):
    for _ in range(extra):
        commune = CommuneFactory(departement=region_map.departement, epci=EpciFactory())
        ContractFactory(territory=TerritoryFactory(communes=[commune]))
    client.force_login(world.agent)
    # 1-2. session, user; 3. région; the map: 4. population by EPCI and département;
    # 5. contracts in force or in preparation on each commune; 6. signed contracts' terms on
    # each commune (years); 7. roles; 8. contracts; 9. départements.
    with django_assert_num_queries(9):
        client.get(reverse("region_detail", args=[region_map.region_id]))


def test_public_directory_lists_signed_public_contracts_to_anyone(client, world):
    ContractFactory(title="CLS en préparation", status=ContractStatus.DIAGNOSIS)
    ContractFactory(title="CLS discret", is_public=False)
    response = client.get(reverse("public_directory"))
    titles = [c.title for c in response.context["page"].object_list]
    assert set(titles) == {"CLS de Belle-Île-en-Mer", "CLS du Pays de Craon"}


def test_territory_index_lists_regions_and_marks_the_users_own(
    client, world, django_assert_num_queries
):
    client.force_login(world.agent)
    # 1-2. session, user; 3. régions; 4. their départements; 5. roles.
    with django_assert_num_queries(5):
        response = client.get(reverse("territory_index"))
    assert world.contract.ars.region.name in html.unescape(response.text)
    assert "Votre région" in response.text
