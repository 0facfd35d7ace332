"""The open data of the public directory: one row per public signed contract, as CSV or JSON.

Only what the directory shows anyone is written: no person, no action, nothing confidential.
The schema is documented in `docs/open-data.md`; change both together.
"""

import csv
import io
import json
from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from config.spreadsheet_cells import csv_text
from contracts.models import Contract
from territories.models import Territory

LICENCE = "Licence Ouverte / Open Licence 2.0"
PRODUCER = "Plateforme des Contrats Locaux de Santé"
# In a CSV cell, the items of a list are joined with this character.
LIST_SEPARATOR = "|"
COLUMNS = [
    "identifiant",
    "intitule",
    "type",
    "generation",
    "statut",
    "code_region",
    "region",
    "ars",
    "codes_departements",
    "sirens_epci",
    "codes_insee_communes",
    "territoire",
    "population",
    "date_signature",
    "date_debut",
    "date_fin",
    "url",
]


def _territory_codes(contracts: QuerySet[Contract]) -> dict[int, dict[str, list[str]]]:
    """The départements, EPCI and communes of each contract's territory (one query)."""
    links = (
        Territory.communes.through.objects.filter(territory__in=contracts.values("territory"))
        .order_by("commune_id")
        .values_list("territory_id", "commune_id", "commune__departement_id", "commune__epci_id")
    )
    codes = defaultdict(lambda: {"communes": [], "departements": set(), "epcis": set()})
    for territory, commune, departement, epci in links:
        codes[territory]["communes"].append(commune)
        codes[territory]["departements"].add(departement)
        if epci:
            codes[territory]["epcis"].add(epci)
    return codes


def open_data_rows(contracts: QuerySet[Contract], base_url: str) -> list[dict]:
    """The rows of the open data file, in the order of `contracts` (two queries)."""
    contracts = contracts.select_related("territory", "ars__region")
    codes = _territory_codes(contracts)
    rows = []
    for contract in contracts:
        territory = codes[contract.territory_id]
        rows.append(
            {
                "identifiant": contract.pk,
                "intitule": contract.title,
                "type": contract.kind,
                "generation": contract.generation,
                "statut": contract.status,
                "code_region": contract.ars.region_id,
                "region": contract.ars.region.name,
                "ars": contract.ars.name,
                "codes_departements": sorted(territory["departements"]),
                "sirens_epci": sorted(territory["epcis"]),
                "codes_insee_communes": territory["communes"],
                "territoire": contract.territory.name,
                "population": contract.territory.population,
                "date_signature": contract.signed_on and contract.signed_on.isoformat(),
                "date_debut": contract.starts_on and contract.starts_on.isoformat(),
                "date_fin": contract.ends_on and contract.ends_on.isoformat(),
                "url": base_url + reverse("public_contract", args=[contract.pk]),
            }
        )
    return rows


def as_csv(rows: list[dict]) -> str:
    """Comma-separated, UTF-8, a header line; lists joined with `LIST_SEPARATOR`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: csv_text(LIST_SEPARATOR.join(value) if isinstance(value, list) else value)
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


def as_json(rows: list[dict]) -> str:
    document = {
        "producteur": PRODUCER,
        "licence": LICENCE,
        "date_generation": timezone.now().isoformat(timespec="seconds"),
        "contrats": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
