"""The shipped boundaries: every territory of the referential drawn, within budget, safe to read."""

import gzip
import json
import re

import pytest

from territories import boundaries
from territories.maps import territory_map
from tests.territories.factories import (
    CommuneFactory,
    DepartementFactory,
    EpciFactory,
    RegionFactory,
    TerritoryFactory,
)

REFERENTIAL = boundaries.DATA / "referential-2026.json.gz"
PATH_DATA = re.compile(r"^(M-?\d+ ?-?\d+l[-\d ]+z)+$")
# The communes the 2021 source cannot draw: restored since out of a commune nouvelle.
UNPLACED = {"15031", "15035", "15047", "15171"}


@pytest.fixture(scope="module")
def referential():
    with gzip.open(REFERENTIAL, "rt", encoding="utf-8") as file:
        return json.load(file)


def test_every_region_departement_and_epci_of_the_referential_has_a_shape(referential):
    for layer, key in (("regions", 0), ("departements", 0), ("epcis", 0)):
        codes = [row[key] for row in referential[layer]]
        assert set(boundaries.shapes(layer, codes)) == set(codes), layer


def test_every_commune_has_a_shape_but_the_reported_ones(referential):
    missing = {
        code
        for code, _name, departement, _region, _population in referential["communes"]
        if code not in boundaries.departement_communes(departement)
    }
    assert missing == UNPLACED
    assert {code for code, _name in boundaries.unplaced_communes()} == UNPLACED


def test_regions_departements_and_epci_fit_the_budget():
    assert boundaries.BOUNDARIES_PATH.stat().st_size < 300_000


def test_shapes_are_relative_svg_paths_in_their_bounding_box():
    shape = boundaries.shape("epcis", "245600465")  # CC de Belle-Île-en-Mer
    assert PATH_DATA.match(shape.d)
    x, y = (int(value) for value in re.match(r"M(-?\d+) ?(-?\d+)", shape.d).groups())
    x0, y0, x1, y1 = shape.bbox
    assert x0 <= x <= x1 and y0 <= y <= y1
    assert shape.unit == 250


def test_a_departement_code_never_reaches_outside_the_data_folder():
    assert boundaries.departement_communes("../../config") == {}
    assert boundaries.departement_communes("00") == {}
    assert boundaries.shapes("epcis", ["999999999"]) == {}


@pytest.mark.django_db
def test_a_territory_of_communes_is_drawn_over_its_departement():
    morbihan = DepartementFactory(code="56", name="Morbihan", region=RegionFactory(code="53"))
    communes = [
        CommuneFactory(code=code, name=name, departement=morbihan)
        for code, name in (("56152", "Le Palais"), ("56241", "Sauzon <île>"))
    ]
    territory = TerritoryFactory(name="Belle-Île", communes=communes)

    svg = territory_map(territory)

    assert svg.count("<path") == 1 + 2 + 1  # the département, two communes, its outline
    assert "<title>Sauzon &lt;île&gt;</title>" in svg
    assert "Belle-Île dans son département (Morbihan)" in svg
    assert "style=" not in svg  # presentation attributes only: the CSP forbids inline styles


@pytest.mark.django_db
def test_a_territory_mirroring_an_epci_is_drawn_as_the_epci():
    morbihan = DepartementFactory(code="56", name="Morbihan")
    epci = EpciFactory(siren="245600465", name="CC de Belle-Île-en-Mer")
    territory = TerritoryFactory(
        communes=[CommuneFactory(code="56152", departement=morbihan, epci=epci)]
    )
    territory.epci = epci
    territory.save()

    svg = territory_map(territory)

    assert boundaries.shape("epcis", epci.siren).d in svg


@pytest.mark.django_db
def test_a_territory_without_any_shape_draws_nothing():
    assert territory_map(TerritoryFactory()) == ""
