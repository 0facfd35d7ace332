"""The factories other apps' tests build on."""

import pytest

from tests.territories.factories import CommuneFactory, TerritoryFactory, fake_code

pytestmark = pytest.mark.django_db


def test_fake_codes_never_look_like_insee_codes():
    assert fake_code(0, 3) == "Z00"
    assert fake_code(37, 3) == "Z11"
    assert fake_code(36**4 - 1, 5) == "ZZZZZ"


def test_commune_is_in_the_region_of_its_departement():
    commune = CommuneFactory()

    assert commune.region == commune.departement.region


def test_territory_has_one_commune_and_its_population_by_default():
    territory = TerritoryFactory()

    commune = territory.communes.get()
    assert territory.population == commune.population
