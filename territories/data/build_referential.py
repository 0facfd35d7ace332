"""Build the compact territory referential shipped with the platform.

Reads the JSON files of the npm package `@etalab/decoupage-administratif` and writes
`referential-<vintage>.json.gz` beside this script, keeping only what the platform needs:
régions, départements and current communes of metropolitan France and the DROM, and the
EPCI à fiscalité propre with their member communes.

Standalone on purpose (standard library only) so that it runs without Django:

    python territories/data/build_referential.py /path/to/package
"""

import argparse
import gzip
import json
import sys
from pathlib import Path

VINTAGE = 2026
PACKAGE = "@etalab/decoupage-administratif"
PACKAGE_VERSION = "6.0.0"
# The collectivités d'outre-mer ("com") have their own statutes and no CLS: they are left out.
ZONES = {"metro", "drom"}
EPCI_KINDS = {"CC", "CA", "CU", "METRO", "MET69"}
OUTPUT = Path(__file__).resolve().parent / f"referential-{VINTAGE}.json.gz"


def read(package: Path, name: str) -> list[dict]:
    with (package / "data" / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


def build(package: Path) -> dict:
    regions = sorted(
        [region["code"], region["nom"]]
        for region in read(package, "regions")
        if region["zone"] in ZONES
    )
    departements = sorted(
        [departement["code"], departement["nom"], departement["region"]]
        for departement in read(package, "departements")
        if departement["zone"] in ZONES
    )
    communes = sorted(
        [
            commune["code"],
            commune["nom"],
            commune["departement"],
            commune["region"],
            # A handful of communes have no legal population in some vintages.
            commune.get("population") or 0,
        ]
        for commune in read(package, "communes")
        if commune["type"] == "commune-actuelle" and commune["zone"] in ZONES
    )
    commune_codes = {commune[0] for commune in communes}
    epcis = sorted(
        [
            epci["code"],
            epci["nom"],
            epci["type"],
            sorted(member["code"] for member in epci["membres"] if member["code"] in commune_codes),
        ]
        for epci in read(package, "epci")
        if epci["type"] in EPCI_KINDS
    )
    return {
        "source": f"{PACKAGE}@{PACKAGE_VERSION}",
        "vintage": VINTAGE,
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab / INSEE / DGCL)",
        # Rows are arrays rather than objects: repeating the keys 35,000 times would triple the size.
        "columns": {
            "regions": ["code", "name"],
            "departements": ["code", "name", "region"],
            "epcis": ["siren", "name", "kind", "communes"],
            "communes": ["code", "name", "departement", "region", "population"],
        },
        "regions": regions,
        "departements": departements,
        "epcis": epcis,
        "communes": communes,
    }


def write(referential: dict, output: Path) -> None:
    payload = json.dumps(referential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 makes the archive byte-for-byte reproducible, so a rebuild shows no spurious diff.
    output.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="unpacked npm package directory")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    referential = build(args.package)
    write(referential, args.output)
    counts = ", ".join(f"{len(referential[key])} {key}" for key in referential["columns"])
    print(f"{args.output}: {counts} ({args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
