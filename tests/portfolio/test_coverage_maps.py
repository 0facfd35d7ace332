"""The coverage maps: the EPCI of a région by CLS situation, France by département, the
territories to act on, and the map's download."""

import html

import pytest
from django.urls import reverse

from contracts.enums import ContractStatus
from portfolio.coverage import scope_coverage
from portfolio.enums import CoverageSituation
from territories.models import Commune
from tests.clock import TODAY
from tests.contracts.factories import ContractFactory
from tests.territories.factories import CommuneFactory, EpciFactory, TerritoryFactory

SITUATIONS = {
    "CC de Belle-Île-en-Mer": CoverageSituation.IN_FORCE,
    "Douarnenez Communauté": CoverageSituation.PREPARING,
    "Morlaix Communauté": CoverageSituation.ENDING,
    "Quimper Bretagne Occidentale": CoverageSituation.NONE,
}


def region_url(bretagne):
    return reverse("region_detail", args=[bretagne.region.code])


def test_each_epci_takes_the_most_lasting_situation_of_its_communes(bretagne):
    coverage = scope_coverage(Commune.objects.filter(region=bretagne.region), TODAY)

    assert {epci.name: epci.situation for epci in coverage.epcis} == SITUATIONS
    assert [(c.name, c.situation) for c in coverage.communes] == [
        ("Ouessant", CoverageSituation.NONE)
    ]
    assert [area.name for area in coverage.uncovered] == [
        "Quimper Bretagne Occidentale",
        "Ouessant",
    ]
    assert {d.code: d.population_covered for d in coverage.departements} == {
        "29": 15194,  # Morlaix, in force until its end
        "56": 2599,
    }


def test_the_population_covered_year_by_year_follows_the_contracts_dates(bretagne):
    coverage = scope_coverage(Commune.objects.filter(region=bretagne.region), TODAY)

    covered = {year.year: year.population_covered for year in coverage.years}
    assert covered == {
        **dict.fromkeys(range(2015, 2020), 64385),  # Quimper's contract
        **dict.fromkeys((2020, 2021, 2022), 0),
        2023: 15194,  # Morlaix from April
        2024: 15194 + 2599,  # Belle-Île from January
        2025: 15194 + 2599,
        2026: 15194 + 2599,  # today
    }
    assert coverage.years[-1].population == 2599 + 15194 + 14068 + 64385 + 860


def test_region_page_draws_every_epci_linked_to_its_page_with_its_situation(client, bretagne):
    client.force_login(bretagne.agent)

    response = client.get(region_url(bretagne))

    page = html.unescape(response.text)
    assert '<svg class="cls-map" id="carte"' in page
    for name, situation in SITUATIONS.items():
        assert f"<title>{name} — {situation.label} — " in page
    assert f'<a href="{reverse("epci_detail", args=["242900835"])}"><title>' in page
    assert f'<a href="{reverse("commune_detail", args=["29155"])}"><title>Ouessant' in page
    # The legend names every situation, and the table says the same as the map.
    for situation in CoverageSituation:
        assert f">{situation.label}</text>" in page
    assert "La carte sous forme de tableau" in page
    assert "style=" not in response.text.split('<svg class="cls-map"')[1].split("</svg>")[0]


def test_the_regions_ars_may_start_a_cls_on_each_territory_without_one(client, bretagne, world):
    client.force_login(bretagne.agent)
    page = client.get(region_url(bretagne)).text
    assert f"{reverse('contract_create')}?epci=200068120" in page
    assert f"{reverse('contract_create')}?communes=29155" in page
    assert "?epci=245600465" not in page  # Belle-Île has its CLS

    client.force_login(world.admin)
    assert f"{reverse('contract_create')}?epci=200068120" in client.get(region_url(bretagne)).text

    for outsider in (world.other_agent, world.reader, world.coordinator, world.lead):
        client.force_login(outsider)
        response = client.get(region_url(bretagne))
        assert "Quimper Bretagne Occidentale" in response.text
        assert "Démarrer un CLS" not in response.text


@pytest.mark.parametrize("extra", [0, 3])
def test_region_page_query_count_does_not_grow(client, bretagne, django_assert_num_queries, extra):
    for _ in range(extra):
        commune = CommuneFactory(departement_id="29", epci=EpciFactory())
        ContractFactory(territory=TerritoryFactory(communes=[commune]), ars=bretagne.ars)
    client.force_login(bretagne.agent)
    # 1-2. session, user; 3. région; the map: 4. population by EPCI and département;
    # 5. contracts in force or in preparation on each commune; 6. signed contracts' terms on
    # each commune (years); 7. roles; 8. contracts; 9. départements.
    with django_assert_num_queries(9):
        client.get(region_url(bretagne))


@pytest.mark.parametrize("extra", [0, 3])
def test_departement_page_and_map_download_query_counts_do_not_grow(
    client, bretagne, django_assert_num_queries, extra
):
    for _ in range(extra):
        commune = CommuneFactory(departement_id="29", epci=EpciFactory())
        ContractFactory(territory=TerritoryFactory(communes=[commune]), ars=bretagne.ars)
    client.force_login(bretagne.agent)
    # 1-2. session, user; 3. département and région; 4-6. the map, as on the région's page;
    # 7. roles; 8. contracts.
    with django_assert_num_queries(8):
        client.get(reverse("departement_detail", args=["29"]))
    # 1-2. session, user; 3. région; 4-5. the map, without the years.
    with django_assert_num_queries(5):
        client.get(reverse("region_map_download", args=["53"]))


def test_departement_page_draws_its_epci(client, bretagne):
    client.force_login(bretagne.agent)
    response = client.get(reverse("departement_detail", args=["29"]))
    assert '<svg class="cls-map" id="carte"' in response.text
    assert "Morlaix Communauté" in response.text
    assert "Le Palais" not in response.text


def test_the_region_map_downloads_as_an_svg_file(client, bretagne, world):
    client.force_login(world.reader)

    response = client.get(reverse("region_map_download", args=["53"]))

    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="carte-cls-bretagne-')
    svg = response.content.decode()
    assert svg.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    assert svg.count("<path") >= 5
    assert len(response.content) < 300_000


def test_the_map_is_for_signed_in_users(client, bretagne):
    for url in (region_url(bretagne), reverse("region_map_download", args=["53"])):
        assert client.get(url).status_code == 302


def test_the_agents_dashboard_shows_their_regions_map(client, bretagne):
    client.force_login(bretagne.agent)
    response = client.get(reverse("home"))
    assert "Les CLS de votre région" in response.text
    assert "<title>Morlaix Communauté — Échéance dans les 6 mois" in html.unescape(response.text)


def test_the_national_administrator_sees_france_by_departement(client, bretagne, world):
    client.force_login(world.admin)
    response = client.get(reverse("home"))
    page = html.unescape(response.text)
    assert "La couverture de la France" in page
    assert "<title>Finistère (29) — " in page
    assert reverse("region_detail", args=["53"]) in page
    regions = {area.code: area for area in response.context["regions"]}
    assert regions["53"].population_covered == 15194 + 2599
    # The map's table: every département under its région, linked to its page.
    assert [area.code for area in regions["53"].children] == ["29", "56"]
    assert "La carte sous forme de tableau : chaque département" in page
    assert f'<a href="{reverse("departement_detail", args=["56"])}">Morbihan (56)</a>' in page


def test_a_coordinator_has_no_map_on_the_dashboard(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("home"))
    assert "cls-map" not in response.text


def test_start_a_cls_opens_the_contract_form_filled_with_the_territory(client, bretagne):
    client.force_login(bretagne.agent)

    response = client.get(f"{reverse('contract_create')}?epci=200068120")

    form = response.context["form"]
    assert form.initial["territory_mode"] == "epci"
    assert form.initial["epci"] == "200068120"
    assert form.initial["ars"] == bretagne.ars
    assert form.initial["title"] == "Contrat local de santé — Quimper Bretagne Occidentale"
    island = client.get(f"{reverse('contract_create')}?communes=29155").context["form"]
    assert (island.initial["territory_mode"], island.initial["communes"]) == ("communes", "29155")


def test_a_cls_started_from_the_map_is_created_on_the_territory(client, bretagne):
    client.force_login(bretagne.agent)
    form = client.get(f"{reverse('contract_create')}?epci=200068120").context["form"]
    data = {key: getattr(value, "pk", value) for key, value in form.initial.items()}

    response = client.post(reverse("contract_create"), data | {"kind": "cls", "is_public": "on"})

    assert response.status_code == 302
    coverage = scope_coverage(Commune.objects.filter(region=bretagne.region), TODAY)
    quimper = next(epci for epci in coverage.epcis if epci.code == "200068120")
    assert quimper.situation == CoverageSituation.PREPARING


def test_an_unknown_territory_in_the_address_leaves_the_form_empty(client, bretagne):
    client.force_login(bretagne.agent)
    response = client.get(f"{reverse('contract_create')}?epci=000000000&communes=../x")
    assert response.context["form"].initial == {}


def test_an_epci_or_lone_commune_without_a_cls_offers_to_start_one_on_its_page(
    client, bretagne, world
):
    quimper = reverse("epci_detail", args=["200068120"])
    start = reverse("contract_create")
    client.force_login(bretagne.agent)
    assert f'href="{start}?epci=200068120"' in client.get(quimper).text
    assert (
        f'href="{start}?communes=29155"'
        in client.get(reverse("commune_detail", args=["29155"])).text
    )
    # Covered, ending, in preparation: nothing to start; a commune of an EPCI starts with it.
    for url in (
        reverse("epci_detail", args=["245600465"]),
        reverse("epci_detail", args=["242900835"]),
        reverse("epci_detail", args=["242900645"]),
        reverse("commune_detail", args=["29232"]),
    ):
        assert "Démarrer un CLS" not in client.get(url).text

    client.force_login(world.admin)
    assert f'href="{start}?epci=200068120"' in client.get(quimper).text
    for outsider in (world.other_agent, world.reader, world.coordinator, world.lead):
        client.force_login(outsider)
        response = client.get(quimper)
        assert response.status_code == 200
        assert "Démarrer un CLS" not in response.text


@pytest.mark.parametrize("extra", [0, 3])
def test_epci_and_commune_pages_query_counts_do_not_grow(
    client, bretagne, django_assert_num_queries, extra
):
    quimper = bretagne.communes["29232"]
    for _ in range(extra):
        commune = CommuneFactory(departement_id="29", epci=quimper.epci)
        ContractFactory(
            territory=TerritoryFactory(communes=[commune]),
            ars=bretagne.ars,
            status=ContractStatus.CLOSED,
        )
    client.force_login(bretagne.agent)
    # 1-2. session, user; 3. EPCI; 4. its régions; 5. roles; 6. contracts covering or
    # preparing to cover its communes; 7. coverage by commune; 8. EPCI without a CLS;
    # 9. contracts.
    with django_assert_num_queries(9):
        client.get(reverse("epci_detail", args=[quimper.epci_id]))
    # The same for a commune of no EPCI, without 8.
    with django_assert_num_queries(8):
        client.get(reverse("commune_detail", args=["29155"]))
