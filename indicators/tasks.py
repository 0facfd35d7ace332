"""Celery tasks of the indicators app: another door to its services.

A task takes ids, calls one service, and is idempotent: an import already started or finished
is left alone.
"""

from celery import shared_task

from indicators.spreadsheets import jobs


@shared_task(
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=5,
    max_retries=3,
)
def run_plan_import(job_id: int) -> None:
    """Import a confirmed workbook into its contract's plan."""
    jobs.plan_import_run(job_id=job_id)
