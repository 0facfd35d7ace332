"""Building territories from communes, EPCI and départements."""

import pytest
from django.core.exceptions import ValidationError

from territories.enums import TerritoryKind
from territories.models import Territory
from territories.services import (
    territory_create_from_communes,
    territory_create_from_departement,
    territory_create_from_epci,
    territory_set_communes,
)
from tests.territories.factories import (
    CommuneFactory,
    DepartementFactory,
    EpciFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


def test_territory_population_is_the_sum_of_its_communes():
    communes = [CommuneFactory(population=1200), CommuneFactory(population=345)]

    territory = territory_create_from_communes(
        name="Pays de Morlaix", kind=TerritoryKind.PAYS_PETR, communes=communes
    )

    assert set(territory.communes.all()) == set(communes)
    assert territory.population == 1545
    territory.refresh_from_db()
    assert territory.population == 1545


def test_territory_population_is_refreshed_when_communes_change():
    kept = CommuneFactory(population=1000)
    territory = TerritoryFactory(communes=[kept, CommuneFactory(population=500)])
    assert territory.population == 1500

    territory_set_communes(territory=territory, communes=[kept, CommuneFactory(population=20)])

    territory.refresh_from_db()
    assert territory.population == 1020


def test_territory_with_no_commune_is_refused():
    with pytest.raises(ValidationError) as error:
        territory_create_from_communes(name="Nulle part", kind=TerritoryKind.CUSTOM, communes=[])

    assert error.value.message_dict == {
        "communes": ["Un territoire doit comporter au moins une commune."]
    }
    assert not Territory.objects.exists()


def test_removing_every_commune_of_a_territory_is_refused():
    commune = CommuneFactory()
    territory = TerritoryFactory(communes=[commune])

    with pytest.raises(ValidationError):
        territory_set_communes(territory=territory, communes=[])

    assert list(territory.communes.all()) == [commune]


def test_territory_with_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as error:
        territory_create_from_communes(name="Ici", kind="canton", communes=[CommuneFactory()])

    assert "kind" in error.value.message_dict
    assert not Territory.objects.exists()


def test_territory_built_from_an_epci_has_its_communes_and_name():
    epci = EpciFactory(name="CC du Pays de Landivisiau")
    members = CommuneFactory.create_batch(3, epci=epci, population=100)
    CommuneFactory(population=100)

    territory = territory_create_from_epci(epci=epci)

    assert territory.name == "CC du Pays de Landivisiau"
    assert territory.kind == TerritoryKind.EPCI
    assert territory.epci == epci
    assert set(territory.communes.all()) == set(members)
    assert territory.population == 300


def test_territory_built_from_an_epci_may_be_named_and_be_a_pays():
    epci = EpciFactory()
    CommuneFactory(epci=epci)

    territory = territory_create_from_epci(epci=epci, name="Pays", kind=TerritoryKind.PAYS_PETR)

    assert (territory.name, territory.kind) == ("Pays", TerritoryKind.PAYS_PETR)


def test_territory_built_from_an_epci_without_commune_is_refused():
    with pytest.raises(ValidationError):
        territory_create_from_epci(epci=EpciFactory())

    assert not Territory.objects.exists()


def test_territory_built_from_a_departement_has_its_communes():
    departement = DepartementFactory(name="Finistère")
    communes = CommuneFactory.create_batch(2, departement=departement, population=10)

    territory = territory_create_from_departement(departement=departement, name="Finistère Nord")

    assert territory.name == "Finistère Nord"
    assert territory.departement == departement
    assert set(territory.communes.all()) == set(communes)
    assert territory.population == 20


def test_territories_in_a_region_are_listed_once():
    commune = CommuneFactory()
    territory = TerritoryFactory(
        communes=[commune, CommuneFactory(departement=commune.departement)]
    )
    TerritoryFactory()

    assert list(Territory.objects.in_region(commune.region)) == [territory]
