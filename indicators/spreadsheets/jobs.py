"""Confirmed imports of a plan's workbook: run in the request, or by a worker (with Redis) when
the file is large, its progress shown to the user while it runs.

Between the preview and the confirmation the file waits in the file storage; the confirmation
creates a `PlanImport`, which `plan_import_run` reads, imports (all or nothing) and closes with
its outcome. A mapping the user made for a spreadsheet of their own is remembered for the
contract's next import.
"""

import logging
import secrets
from dataclasses import asdict

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from actors.models import User
from contracts.models import Contract
from indicators.enums import PlanImportStatus
from indicators.models import PlanImport, PlanImportMapping
from indicators.spreadsheets.importing import action_plan_import
from indicators.spreadsheets.mapping import LayoutUnknown, Mapping
from indicators.spreadsheets.reading import PlanFile, SpreadsheetError, plan_read

logger = logging.getLogger(__name__)

# From this many rows, a confirmed import goes to a worker when there is one (Redis).
BACKGROUND_ROWS = 300
PROGRESS_EVERY = 25
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def pending_store(content: bytes) -> str:
    """Keep an uploaded workbook until it is confirmed; the name it is kept under."""
    return default_storage.save(f"imports/{secrets.token_urlsafe(16)}.xlsx", ContentFile(content))


def pending_exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def pending_open(name: str) -> ContentFile | None:
    if not name or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return ContentFile(stored.read(), name="plan.xlsx")


def pending_drop(name: str):
    if name and default_storage.exists(name):
        default_storage.delete(name)


def mapping_as_dict(mapping: Mapping | None) -> dict | None:
    if mapping is None:
        return None
    return asdict(mapping) | {"skip_rows": sorted(mapping.skip_rows)}


def mapping_from_dict(data: dict | None) -> Mapping | None:
    if not data:
        return None
    return Mapping(
        sheet=data["sheet"],
        header_row=int(data["header_row"]),
        columns=dict(data["columns"]),
        skip_rows=set(data.get("skip_rows", [])),
    )


def plan_file_read(content, mapping: dict | None) -> PlanFile:
    """The workbook read with the mapping the user made, if any."""
    return plan_read(content, mapping=mapping_from_dict(mapping))


def row_count(plan: PlanFile) -> int:
    return sum(len(rows) for rows in plan.rows.values())


def runs_in_background(rows: int) -> bool:
    """A large import goes to a worker when there is one; without Redis it runs here."""
    return not settings.CELERY_TASK_ALWAYS_EAGER and rows >= BACKGROUND_ROWS


@transaction.atomic
def plan_import_request(
    *,
    contract: Contract,
    file_name: str,
    mapping: dict | None,
    remove_missing: bool,
    rows: int,
    by: User,
) -> PlanImport:
    """Confirm the import of the workbook kept under `file_name`: run it now, or queue it."""
    job = PlanImport.objects.create(
        contract=contract,
        requested_by=by,
        file_name=file_name,
        mapping=mapping,
        remove_missing=remove_missing,
        rows_total=rows,
    )
    if runs_in_background(rows):
        from indicators import tasks  # tasks import this module

        transaction.on_commit(lambda: tasks.run_plan_import.delay(job.pk))
        return job
    return plan_import_run(job_id=job.pk) or job


def progress_key(job_id: int) -> str:
    return f"plan-import:{job_id}:rows"


def plan_import_progress(job: PlanImport) -> int:
    """How many rows a running import has read (kept in the cache: the import's own
    transaction is seen by nobody before it commits)."""
    if job.status == PlanImportStatus.DONE:
        return job.rows_total
    return min(cache.get(progress_key(job.pk), 0), job.rows_total)


def plan_import_run(*, job_id: int) -> PlanImport | None:
    """Import a confirmed workbook; a no-op for one already started or finished."""
    claimed = PlanImport.objects.filter(pk=job_id, status=PlanImportStatus.PENDING).update(
        status=PlanImportStatus.RUNNING
    )
    if not claimed:
        return None
    job = PlanImport.objects.select_related("contract", "requested_by").get(pk=job_id)
    try:
        _import(job)
    except TRANSIENT_ERRORS:
        PlanImport.objects.filter(pk=job_id).update(status=PlanImportStatus.PENDING)
        raise
    except Exception:
        # Nothing was written (the import is one transaction): the user is told, not left
        # waiting on a page that polls forever.
        logger.exception("Plan import %s failed", job_id)
        _close(
            job,
            problems=["L'import a échoué sur une erreur de la plateforme : rien n'a été écrit."],
        )
    pending_drop(job.file_name)
    return job


def _import(job: PlanImport):
    content = pending_open(job.file_name)
    if content is None:
        return _close(job, problems=["Le fichier à importer a disparu : déposez-le à nouveau."])
    try:
        plan = plan_file_read(content, job.mapping)
    except (SpreadsheetError, LayoutUnknown) as error:
        return _close(job, problems=[str(error)])
    counter = {"rows": 0}

    def on_row():
        counter["rows"] += 1
        if counter["rows"] % PROGRESS_EVERY == 0:
            cache.set(progress_key(job.pk), counter["rows"], 3600)

    result = action_plan_import(
        contract=job.contract,
        plan=plan,
        by=job.requested_by,
        remove_missing=job.remove_missing,
        on_row=on_row,
    )
    if not result.ok:
        return _close(job, problems=[str(p) for p in result.problems])
    if job.mapping:
        mapping_remember(contract=job.contract, mapping=job.mapping)
    return _close(job, summary=result.summary())


def _close(job: PlanImport, *, summary: str = "", problems: list[str] | None = None):
    job.status = PlanImportStatus.FAILED if problems else PlanImportStatus.DONE
    job.summary, job.problems = summary, problems or []
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "summary", "problems", "finished_at"])
    cache.delete(progress_key(job.pk))


def mapping_remember(*, contract: Contract, mapping: dict) -> PlanImportMapping:
    """Keep the mapping a user made, to offer it at the contract's next import."""
    remembered, _ = PlanImportMapping.objects.update_or_create(
        contract=contract,
        defaults={
            "sheet": mapping["sheet"],
            "header_row": mapping["header_row"],
            "columns": mapping["columns"],
        },
    )
    return remembered
