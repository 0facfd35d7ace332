"""Celery tasks: another door to the services of `reports.services`.

Each task takes ids or plain values, calls one service and is idempotent (running it twice
changes nothing more). Transient errors (database or broker unreachable, SMTP down) are retried
with an exponential backoff. The periodic ones are scheduled in `CELERY_BEAT_SCHEDULE`
(config/settings/base.py), the one place where schedules live.
"""

import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from contracts.models import Contract
from reports import services

RETRY = {
    "autoretry_for": (*services.TRANSIENT_ERRORS, smtplib.SMTPException, ConnectionError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(
    bind=True,
    soft_time_limit=services.RENDER_TIME_LIMIT - 60,
    time_limit=services.RENDER_TIME_LIMIT,
    **RETRY,
)
def render_report(self, report_id: int) -> None:
    """Render one document into its PDF. The task's id is its claim on the document: tried
    again, or delivered again because its worker died, it takes the document back at once."""
    services.report_render(
        report_id=report_id,
        final_attempt=self.request.retries >= self.max_retries,
        claim=self.request.id or "",
    )


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def schedule_report(contract_id: int, kind: str, period: str) -> None:
    """Make the scheduled document of one contract (nothing if it exists already)."""
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is not None:
        services.report_schedule(contract=contract, kind=kind, period=period)


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def queue_annual_reviews(year: int | None = None) -> int:
    """Early January: the annual review of last year (or of `year`) for each contract in
    force at its end."""
    return services.annual_reviews_queue(year=year or timezone.localdate().year - 1)


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def queue_term_evaluations() -> int:
    """Daily: mid-term evaluations at half term, final evaluations at the end of the term."""
    return services.term_evaluations_queue(on=timezone.localdate())


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def requeue_stalled_reports() -> int:
    """Every few minutes: documents whose message was lost are queued again."""
    return services.stalled_reports_requeue()


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def notify_report_ready(report_id: int) -> int:
    return services.report_notify(report_id=report_id)


@shared_task(soft_time_limit=10 * 60, time_limit=11 * 60, **RETRY)
def send_weekly_digest() -> int:
    """Every morning: the week's e-mail, as of its Monday, to whoever has not had it yet (a
    Monday missed, with the broker or the scheduler down, is caught up the next days)."""
    today = timezone.localdate()
    return services.weekly_digest_send(on=today - datetime.timedelta(days=today.weekday()))


@shared_task(soft_time_limit=5 * 60, time_limit=6 * 60, **RETRY)
def send_pending_notifications() -> int:
    """Every few minutes: the e-mails that could not leave, and the documents not announced."""
    return services.notifications_pending_send()
