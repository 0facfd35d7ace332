"""Liveness under faults: a document is never stranded by a database blip or a dead worker,
an e-mail that could not leave is sent later, once, and a broker that does not answer does not
hold the request."""

import datetime
import smtplib
import socket
import time

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone

from actors.models import Notification
from config import celery_app
from reports import services, tasks
from reports.enums import ReportKind, ReportStatus, ReportTrigger
from reports.models import EvaluationReport
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


def request(world):
    return services.report_request(contract=world.contract, kind=ReportKind.SUMMARY, by=world.agent)


def stored_reports() -> list[str]:
    folders = default_storage.listdir("reports")[0] if default_storage.exists("reports") else []
    return [
        f"reports/{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"reports/{folder}")[1]
    ]


@pytest.fixture(autouse=True)
def _no_stored_report():
    # The storage of the tests lives in memory for the whole session.
    for name in stored_reports():
        default_storage.delete(name)


@pytest.fixture
def database_blip_when_marked_ready(monkeypatch):
    """The database goes away for a moment just as the document is marked ready."""
    update = QuerySet.update
    blips = []

    def once(queryset, **values):
        if values.get("status") == ReportStatus.READY and not blips:
            blips.append(1)
            raise services.OperationalError("server closed the connection unexpectedly")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", once)
    return blips


def test_a_blip_as_the_document_is_saved_leaves_no_orphan_and_the_retry_finishes_it(
    world, fake_pdf, database_blip_when_marked_ready
):
    report = request(world)

    with pytest.raises(services.OperationalError):
        services.report_render(report_id=report.pk, final_attempt=False, claim="task-1")

    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING and not report.file
    assert not stored_reports()  # the file written before the blip was removed
    services.report_render(report_id=report.pk, final_attempt=False, claim="task-1")
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert len(stored_reports()) == 1


def test_a_task_tried_again_takes_back_the_document_it_holds(world, fake_pdf):
    report = request(world)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), claimed_by="task-1"
    )

    services.report_render(report_id=report.pk, claim="task-2")  # another task: left alone
    assert EvaluationReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING
    services.report_render(report_id=report.pk, claim="task-1")  # its own task: resumed

    assert EvaluationReport.objects.get(pk=report.pk).status == ReportStatus.READY


def test_a_render_whose_worker_was_killed_is_ready_again_within_ten_minutes(
    world, fake_pdf, time_machine, django_capture_on_commit_callbacks
):
    report = request(world)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), claimed_by="killed"
    )

    # The sweep runs every minute (CELERY_BEAT_SCHEDULE): a few minutes later, it queues it.
    minutes = 0
    while EvaluationReport.objects.get(pk=report.pk).status != ReportStatus.READY and minutes < 10:
        minutes += 1
        time_machine.shift(datetime.timedelta(minutes=1))
        with django_capture_on_commit_callbacks(execute=True):
            services.stalled_reports_requeue()

    assert EvaluationReport.objects.get(pk=report.pk).status == ReportStatus.READY
    assert minutes < 10
    assert EvaluationReport.objects.count() == 1 and len(stored_reports()) == 1


def test_asking_again_restarts_a_document_whose_worker_died(
    world, fake_pdf, time_machine, django_capture_on_commit_callbacks
):
    report = request(world)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), claimed_by="killed"
    )
    time_machine.shift(services.STALE_AFTER + datetime.timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        again = request(world)

    assert again.pk == report.pk
    assert EvaluationReport.objects.get(pk=report.pk).status == ReportStatus.READY


def test_the_render_task_is_delivered_again_if_its_worker_dies():
    assert celery_app.conf.task_acks_late and celery_app.conf.task_reject_on_worker_lost
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]
    assert visibility >= 2 * tasks.render_report.time_limit
    assert services.STALE_AFTER.total_seconds() < 2 * tasks.render_report.time_limit


@pytest.fixture
def mail_server_down(monkeypatch):
    def refused(message, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refused)


def test_an_e_mail_that_could_not_leave_is_sent_by_the_sweep_once(
    world, monkeypatch, mail_server_down
):
    assert services.notification_send(
        user=world.coordinator, key="essai:1", subject="Sujet", body="Texte"
    )
    notification = Notification.objects.get()
    assert notification.sent_at is None and notification.attempts == 1
    assert "closed" in notification.last_error and mail.outbox == []

    monkeypatch.undo()  # the mail server is back
    assert services.notifications_pending_send() == 1
    assert services.notifications_pending_send() == 0
    assert [message.to for message in mail.outbox] == [[world.coordinator.email]]
    assert Notification.objects.get().sent_at is not None


def test_a_ready_document_whose_announcement_was_lost_is_announced_by_the_sweep(world):
    report = EvaluationReportFactory(
        contract=world.contract, trigger=ReportTrigger.SCHEDULE, finished_at=timezone.now()
    )

    services.notifications_pending_send()
    services.notifications_pending_send()

    recipients = [message.to[0] for message in mail.outbox]
    assert world.agent.email in recipients and len(recipients) == len(set(recipients))
    assert EvaluationReport.objects.get(pk=report.pk).notified_at is not None


def test_a_week_old_pending_e_mail_is_no_longer_sent(
    world, mail_server_down, monkeypatch, time_machine
):
    services.notification_send(user=world.coordinator, key="essai:2", subject="S", body="T")
    monkeypatch.undo()
    time_machine.shift(services.NOTIFICATION_LIFETIME + datetime.timedelta(hours=1))

    assert services.notifications_pending_send() == 0


def test_the_weekly_digest_missed_on_monday_is_caught_up_during_the_week(world, time_machine):
    from tests.contracts.factories import ContractFactory

    ContractFactory(ars=world.contract.ars, ends_on=datetime.date(2027, 3, 31))
    time_machine.move_to(datetime.datetime(2026, 11, 25, 7, 0, tzinfo=datetime.UTC))  # Wednesday

    assert tasks.send_weekly_digest() >= 1
    assert tasks.send_weekly_digest() == 0  # once a week
    [sent] = [message for message in mail.outbox if message.to == [world.agent.email]]
    assert "23/11/2026" in sent.subject  # as of the week's Monday


def test_a_broker_that_does_not_answer_does_not_hold_the_request(world, monkeypatch):
    """A broker that accepts connections and never answers, as a frozen Redis does."""
    with socket.create_server(("127.0.0.1", 0)) as frozen:
        monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
        monkeypatch.setitem(
            celery_app.conf, "broker_url", f"redis://127.0.0.1:{frozen.getsockname()[1]}/0"
        )
        celery_app._pool = None
        started = time.monotonic()
        services._queue("render_report", 1)  # outside a transaction: sent at once, and fails
        elapsed = time.monotonic() - started
    celery_app._pool = None
    assert elapsed < 5
