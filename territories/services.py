"""Writes of the territories app: loading the administrative referential, building territories."""

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from territories.enums import TerritoryKind
from territories.models import Commune, Departement, Epci, Region, Territory

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "referential-2026.json.gz"
# SQLite lowers it further to fit its 999 query parameters; PostgreSQL takes it as is.
BATCH_SIZE = 2000
NO_COMMUNE_MESSAGE = "Un territoire doit comporter au moins une commune."


def _upsert(model, objs: list, update_fields: list[str]) -> int:
    model.objects.bulk_create(
        objs,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=update_fields,
    )
    return len(objs)


@transaction.atomic
def referential_load(*, path: Path = DEFAULT_PATH) -> dict[str, int]:
    """Create or update régions, départements, EPCI and communes from the shipped referential.

    Idempotent: rows are upserted by their INSEE or SIREN code. Rows absent from the file are
    left alone, since contracts and territories may still point at a commune that has merged.
    The file is trusted, so rows skip `full_clean()`: validating 35,000 communes one by one
    would make the load too slow to run on every start.
    Returns the number of rows loaded per model.
    """
    with gzip.open(path, "rt", encoding="utf-8") as file:
        referential = json.load(file)

    epci_by_commune = {
        commune_code: siren
        for siren, _name, _kind, commune_codes in referential["epcis"]
        for commune_code in commune_codes
    }
    return {
        "regions": _upsert(
            Region,
            [Region(code=code, name=name) for code, name in referential["regions"]],
            ["name"],
        ),
        "departements": _upsert(
            Departement,
            [
                Departement(code=code, name=name, region_id=region)
                for code, name, region in referential["departements"]
            ],
            ["name", "region"],
        ),
        "epcis": _upsert(
            Epci,
            [
                Epci(siren=siren, name=name, kind=kind)
                for siren, name, kind, _ in referential["epcis"]
            ],
            ["name", "kind"],
        ),
        "communes": _upsert(
            Commune,
            [
                Commune(
                    code=code,
                    name=name,
                    departement_id=departement,
                    region_id=region,
                    # A few island communes belong to no EPCI.
                    epci_id=epci_by_commune.get(code),
                    population=population,
                )
                for code, name, departement, region, population in referential["communes"]
            ],
            ["name", "departement", "region", "epci", "population"],
        ),
    }


def _territory_fill(*, territory: Territory, communes: Iterable[Commune]) -> Territory:
    communes = list(communes)
    if not communes:
        raise ValidationError({"communes": ValidationError(NO_COMMUNE_MESSAGE, code="no_commune")})
    territory.full_clean()
    if territory._state.adding:
        territory.save()
    territory.communes.set(communes)
    territory.refresh_population()
    return territory


@transaction.atomic
def territory_create_from_communes(
    *, name: str, kind: str, communes: Iterable[Commune], description: str = ""
) -> Territory:
    """Create a territory made of the given communes; at least one is required."""
    territory = Territory(name=name, kind=kind, description=description)
    return _territory_fill(territory=territory, communes=communes)


@transaction.atomic
def territory_create_from_epci(
    *, epci: Epci, name: str | None = None, kind: str = TerritoryKind.EPCI
) -> Territory:
    """Create a territory mirroring an EPCI: its member communes, its name unless one is given.

    `kind` lets a pays or PETR built on a single EPCI be recorded as such.
    """
    territory = Territory(name=name or epci.name, kind=kind, epci=epci)
    return _territory_fill(territory=territory, communes=epci.communes.all())


@transaction.atomic
def territory_create_from_departement(
    *, departement: Departement, name: str | None = None
) -> Territory:
    """Create a territory mirroring a département: all its communes, its name unless one is given."""
    territory = Territory(
        name=name or departement.name, kind=TerritoryKind.DEPARTEMENT, departement=departement
    )
    return _territory_fill(territory=territory, communes=departement.communes.all())


@transaction.atomic
def territory_set_communes(*, territory: Territory, communes: Iterable[Commune]) -> Territory:
    """Replace the communes of a territory and refresh its population; at least one is required."""
    return _territory_fill(territory=territory, communes=communes)
