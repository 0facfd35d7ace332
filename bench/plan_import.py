"""The figure of a large plan import (issue #25): a workbook of 2,000 fiches actions read,
previewed and imported into a contract, in a transaction rolled back at the end (the dataset
is left as it was). Target: under 30 s, within bounded memory."""

import io
import time
import tracemalloc
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from openpyxl import Workbook

from actors.models import User
from contracts.models import Contract
from indicators.spreadsheets import SHEETS, action_plan_import, plan_read

ROWS = 2_000
AXES = 6
TARGET_SECONDS = 30
STATUSES = ["Prévue", "En cours", "Réalisée", "Suspendue"]


def plan_workbook(rows: int | None = None) -> bytes:
    """A plan in the platform's layout: a few new axes and `rows` fiches with typical content."""
    rows = rows or ROWS
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in ("Axes", "Actions")}
    for name, sheet in sheets.items():
        sheet.append([column.header for column in SHEETS[name]])
    for number in range(1, AXES + 1):
        sheets["Axes"].append([90 + number, f"Axe importé {number}", "Un axe de la mesure."])
    columns = [column.key for column in SHEETS["Actions"]]
    for index in range(rows):
        axis = 91 + index % AXES
        cells = {
            "number": f"{axis}.{index + 1}",
            "axis": axis,
            "title": f"Fiche importée n° {index + 1} : accès aux soins et prévention",
            # Texts of their own, as in a real plan: shared strings do not fold them into one.
            "description": f"Fiche {index + 1} : une description de quelques lignes, comme "
            "en écrivent les équipes, avec son contexte, son public et ses moyens. " * 3,
            "expected_results": "Des résultats attendus mesurables.",
            "partners": "Mairie de mesure; Association de mesure",
            "status": STATUSES[index % len(STATUSES)],
            "starts_on": "01/01/2026",
            "planned_end_on": "31/12/2028",
            "is_confidential": "non",
        }
        sheets["Actions"].append([cells.get(key) for key in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(content: bytes, contract: Contract, by: User, *, dry_run: bool):
    """Read then import, as the preview (`dry_run`) or the confirmation does; rolled back."""
    with transaction.atomic():
        plan = plan_read(ContentFile(content, name="plan.xlsx"))
        result = action_plan_import(contract=contract, plan=plan, by=by, dry_run=dry_run)
        assert result.ok, [str(p) for p in result.problems[:5]]
        transaction.set_rollback(True)
    return result


def _seconds(work: Callable) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def plan_import_figures(contract: Contract, by: User) -> list[str]:
    content = plan_workbook()
    reading = _seconds(lambda: plan_read(ContentFile(content, name="plan.xlsx")))
    preview = _seconds(lambda: _import(content, contract, by, dry_run=True))
    confirm = _seconds(lambda: _import(content, contract, by, dry_run=False))
    tracemalloc.start()
    _import(content, contract, by, dry_run=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows = f"{ROWS:,}".replace(",", "\u202f")
    return [
        f"Import d'un classeur de {rows} fiches actions ({len(content) / 2**20:.1f} Mio) : "
        f"lecture {reading:.1f} s, aperçu {preview:.1f} s, import confirmé {confirm:.1f} s "
        f"(cible < {TARGET_SECONDS} s chacun) ; pic mémoire Python de l'import "
        f"{peak / 2**20:.0f} Mio"
    ]
