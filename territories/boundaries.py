"""Simplified boundaries of régions, départements, EPCI and communes, ready to draw as SVG.

The shapes are built once by `territories/data/build_boundaries.py` (projected, simplified,
written as SVG path data) and read here from the files shipped beside it: régions,
départements and EPCI from one small file, communes one département at a time.

They are kept in files read once per process rather than on the referential's rows: a map of a
région reads 60 to 150 EPCI paths of a few kilobytes each, which a dictionary serves in
microseconds, whereas a column would weigh on every query of the rows and cost a round trip
per map (see `territories/data/README.md`).
"""

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BOUNDARIES_PATH = DATA / "boundaries-2026.json.gz"
COMMUNES_FOLDER = DATA / "communes"
LAYERS = ("regions", "departements", "epcis")
# The overseas régions and their département: each is drawn in a projection of its own.
OVERSEAS_DEPARTEMENTS = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}
DEPARTEMENT_CODE = re.compile(r"^[0-9][0-9AB][0-9]?$")


@dataclass(frozen=True, slots=True)
class Shape:
    """SVG path data in whole units of `unit` metres (y pointing down) and its bounding box."""

    d: str
    bbox: tuple[int, int, int, int]  # min x, min y, max x, max y, in units
    unit: int


def _shapes(rows: dict, unit: int) -> dict[str, Shape]:
    return {key: Shape(d=d, bbox=tuple(bbox), unit=unit) for key, (bbox, d) in rows.items()}


@functools.cache
def _boundaries() -> dict:
    with gzip.open(BOUNDARIES_PATH, "rt", encoding="utf-8") as file:
        data = json.load(file)
    return {layer: _shapes(data[layer], data["units"][layer]) for layer in LAYERS} | {
        "unplaced": [tuple(row) for row in data["unplaced"]]
    }


def shapes(layer: str, keys) -> dict[str, Shape]:
    """The shapes of these régions, départements or EPCI (`layer`), by code; unknown ones left out."""
    drawn = _boundaries()[layer]
    return {key: drawn[key] for key in keys if key in drawn}


def shape(layer: str, key: str) -> Shape | None:
    return _boundaries()[layer].get(key)


@functools.lru_cache(maxsize=32)
def departement_communes(departement: str) -> dict[str, Shape]:
    """The shapes of a département's communes, by INSEE code (read once per process)."""
    path = COMMUNES_FOLDER / f"{departement}.json.gz"
    if not DEPARTEMENT_CODE.match(departement) or not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as file:
        data = json.load(file)
    return _shapes(data["communes"], data["unit"])


def unplaced_communes() -> list[tuple[str, str]]:
    """The communes of the referential that no 2021 boundary could draw (code, name)."""
    return _boundaries()["unplaced"]


def is_overseas(region_code: str) -> bool:
    return region_code in OVERSEAS_DEPARTEMENTS
