"""`manage.py bench` on a small synthetic dataset: every figure it prints is measured, the API
floors give the very JSON the API returned, and query counts agree at both sizes.

The load test and the nightly batch (gunicorn, Celery workers, copies of the database) are
left out here; `make bench` runs them.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from bench import figures
from config import fastpaths
from tests.bench.test_generate_dataset import SMALL

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("referential"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the floors are PostgreSQL's own JSON"
    ),
]


def test_bench_prints_every_figure_against_its_floor(monkeypatch):
    call_command("generate_dataset", *SMALL, stdout=StringIO())
    out = StringIO()
    # Every page of the sweep counts as close to the target: each is measured again.
    monkeypatch.setattr(figures, "CLOSE_TO_PAGE_TARGET", 0)

    call_command("bench", "--runs", "1", "--load-seconds", "0", "--batch-sample", "0", stdout=out)

    lines = out.getvalue().splitlines()
    api = [line for line in lines if line.startswith("API /api/v1/")]
    assert [line.split("?")[0] for line in api] == [
        "API /api/v1/actions/",
        "API /api/v1/indicator-values/",
        "API /api/v1/indicator-values/",
    ]
    assert all("plancher PostgreSQL (jeton, puis" in line and "rapport" in line for line in api[:2])
    shares = [line for line in lines if line.startswith("  dont requêtes SQL")]
    assert len(shares) == 2
    assert all(
        all(kind in line for kind in ("jeton", "droits", "page", "le reste")) for line in shares
    )
    assert "page vide, coût fixe" in api[2]
    [sync] = [line for line in lines if line.startswith("Synchronisation complète")]
    assert "lignes/s" in sync and "(cible ≥ 0,5)" in sync
    devices = [line for line in lines if line.startswith("Dispositif ")]
    assert [line.split()[1] for line in devices] == list(fastpaths.DEVICES)
    assert all("avec" in line and "sans" in line and "gain" in line for line in devices)
    counts = [line for line in lines if line.startswith("Requêtes SQL")]
    assert len(counts) == 16 + 8
    assert all(line.endswith("égales") for line in counts)
    # The agent's 6 pages, the 6 of the maps and open data (a public contract exists), 9 of work.
    assert sum(line.startswith("Page ") for line in lines) == 6 + 6 + 9
    sweep = [line for line in lines if line.startswith("Autres pages (")]
    assert len(sweep) == 1 and "interface et administration" in sweep[0]
    swept = re.match(r"Autres pages \((\d+) : .*, 1 de plus pour les pages .*? : (\d+)\)", sweep[0])
    assert swept and swept[1] == swept[2], sweep[0]
    assert sum(line.startswith("PDF ") for line in lines) >= 2
    references = [line for line in lines if line.startswith("Référence machine")]
    assert [line.split(" :")[0] for line in references] == [
        "Référence machine (début)",
        "Référence machine (fin)",
    ]
    assert all("ORM compilées" in line and "SELECT 1" in line for line in references)
    assert not any("non mesuré" in line for line in lines)
