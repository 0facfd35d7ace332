"""Loading the shipped referential, and what it says about real places."""

from io import StringIO

import pytest
from django.core.management import call_command

from territories.enums import EpciKind, TerritoryKind
from territories.models import Commune, Departement, Epci, Region
from territories.selectors import communes_search
from territories.services import referential_load, territory_create_from_departement
from tests.territories.factories import CommuneFactory

# Every test here reads the referential that the `referential` fixture loads once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referential")]

FILE_COUNTS = {"regions": 18, "departements": 101, "epcis": 1255, "communes": 34875}


def database_counts():
    return {
        "regions": Region.objects.count(),
        "departements": Departement.objects.count(),
        "epcis": Epci.objects.count(),
        "communes": Commune.objects.count(),
    }


def test_loading_the_shipped_file_gives_the_counts_of_the_file(referential):
    assert referential == FILE_COUNTS
    assert database_counts() == FILE_COUNTS


def test_loading_twice_gives_the_same_counts():
    assert referential_load() == FILE_COUNTS
    assert database_counts() == FILE_COUNTS


def test_loading_again_restores_a_changed_commune_and_keeps_unknown_ones():
    Commune.objects.filter(code="29151").update(name="Montroulez", population=1, epci=None)
    merged_commune = CommuneFactory()

    referential_load()

    morlaix = Commune.objects.get(code="29151")
    assert (morlaix.name, morlaix.population, morlaix.epci_id) == ("Morlaix", 15194, "242900835")
    # A commune gone from the file may still be referenced by a contract: it stays.
    assert Commune.objects.filter(pk=merged_commune.pk).exists()


def test_epci_has_its_member_communes():
    belle_ile = Epci.objects.get(siren="245600465")

    assert belle_ile.kind == EpciKind.CC
    assert sorted(belle_ile.communes.values_list("name", flat=True)) == [
        "Bangor",
        "Le Palais",
        "Locmaria",
        "Sauzon",
    ]


def test_metropole_de_lyon_has_its_own_kind():
    assert Epci.objects.get(siren="200046977").kind == EpciKind.MET69


def test_island_communes_belong_to_no_epci():
    assert sorted(Commune.objects.filter(epci=None).values_list("code", flat=True)) == [
        "22016",  # Île-de-Bréhat
        "29083",  # Île-de-Sein
        "29155",  # Ouessant
        "85113",  # L'Île-d'Yeu
    ]


def test_commune_is_in_its_departement_and_region():
    morlaix = Commune.objects.select_related("departement", "region").get(code="29151")

    assert morlaix.departement.name == "Finistère"
    assert morlaix.region.code == "53"
    assert morlaix.region.name == "Bretagne"


def test_overseas_departements_are_loaded_but_not_collectivites():
    assert Commune.objects.get(code="97411").name == "Saint-Denis"
    assert Departement.objects.get(code="976").name == "Mayotte"
    assert not Commune.objects.filter(code__startswith="975").exists()  # Saint-Pierre-et-Miquelon


def test_territory_built_from_a_departement_has_all_its_communes():
    finistere = Departement.objects.get(code="29")

    territory = territory_create_from_departement(departement=finistere)

    communes = Commune.objects.filter(departement=finistere)
    assert territory.name == "Finistère"
    assert territory.kind == TerritoryKind.DEPARTEMENT
    assert set(territory.communes.all()) == set(communes)
    assert territory.communes.count() == 277
    assert territory.population == sum(communes.values_list("population", flat=True))


def test_communes_search_finds_a_commune_by_name_largest_first():
    assert [commune.code for commune in communes_search(query="morlaix")] == ["29151", "29207"]
    assert communes_search(query="Saint", limit=1)[0].name == "Saint-Étienne"


def test_communes_search_finds_communes_by_code_prefix():
    assert {commune.code[:3] for commune in communes_search(query="291")} == {"291"}


def test_load_territories_command_prints_the_counts_in_french():
    stdout = StringIO()

    call_command("load_territories", stdout=stdout)

    assert stdout.getvalue().startswith(
        "Référentiel chargé : 18 régions, 101 départements, 1255 EPCI, 34875 communes ("
    )
    assert stdout.getvalue().rstrip().endswith(" s).")


def test_load_territories_if_empty_leaves_a_loaded_referential_alone(monkeypatch):
    # A container's start (`prepare_platform`) loads the referential only once.
    monkeypatch.setattr(
        "territories.management.commands.load_territories.referential_load",
        lambda **kwargs: pytest.fail("the referential was loaded again"),
    )
    stdout = StringIO()

    call_command("load_territories", if_empty=True, stdout=stdout)

    assert stdout.getvalue() == "Référentiel territorial déjà chargé.\n"
