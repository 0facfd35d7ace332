"""Idempotence and races: the same data is rendered once, a task run twice or two schedulers
firing make one report, a worker never finishes a report another one holds."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports import services, tasks
from reports.enums import ReportKind, ReportStatus, ReportTrigger
from reports.models import EvaluationReport
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


def request(world, kind=ReportKind.SUMMARY, by=None, **extra):
    return services.report_request(
        contract=world.contract, kind=kind, by=by or world.agent, **extra
    )


def test_asking_again_when_nothing_changed_returns_the_ready_report(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = request(world)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = request(world, by=world.coordinator)  # same audience: confidential included
    assert again.pk == first.pk and again.status == ReportStatus.READY
    assert queued == []  # nothing to render
    assert EvaluationReport.objects.count() == 1


def test_a_change_in_the_data_makes_a_new_report(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = request(world)
    world.axis.title = "Nouvel intitulé"
    world.axis.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = request(world)
    assert second.pk != first.pk and second.content_hash != first.content_hash


def test_a_reader_and_the_coordination_get_different_documents(world, fake_pdf):
    for_agent = request(world, by=world.agent)
    for_reader = request(world, by=world.reader)
    assert (for_agent.includes_confidential, for_reader.includes_confidential) == (True, False)
    assert for_agent.pk != for_reader.pk


def test_asking_while_it_is_being_made_returns_the_same_pending_report(world):
    first = request(world)
    again = request(world)
    assert again.pk == first.pk and again.status == ReportStatus.PENDING


def test_asking_again_after_a_failure_tries_again(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    failed = request(world)
    EvaluationReport.objects.filter(pk=failed.pk).update(
        status=ReportStatus.FAILED, error_message="Panne", finished_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        retried = request(world)
    retried.refresh_from_db()
    assert retried.pk == failed.pk
    assert (retried.status, retried.error_message) == (ReportStatus.READY, "")


def test_running_the_task_twice_renders_once(world, fake_pdf, monkeypatch):
    report = request(world)
    rendered = []
    monkeypatch.setattr(services, "pdf_from_html", lambda html: rendered.append(1) or b"%PDF")
    tasks.render_report.delay(report.pk)
    tasks.render_report.delay(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert len(rendered) == 1


def test_a_report_another_worker_holds_is_left_alone(world, fake_pdf):
    report = request(world)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING and not report.file


def test_a_report_whose_worker_died_is_taken_over(world, fake_pdf):
    report = request(world)
    long_ago = timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=long_ago
    )
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY


def test_a_worker_that_lost_its_report_keeps_no_file(world, monkeypatch):
    report = request(world)

    def taken_over_meanwhile(html):
        # Another worker takes the report over while this one lays it out.
        EvaluationReport.objects.filter(pk=report.pk).update(started_at=timezone.now())
        return b"%PDF"

    monkeypatch.setattr(services, "pdf_from_html", taken_over_meanwhile)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING and not report.file


def test_a_rendering_error_fails_the_report_with_a_reason(world, monkeypatch):
    report = request(world)
    monkeypatch.setattr(services, "pdf_from_html", lambda html: 1 / 0)
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error_message == "La mise en page du document a échoué (ZeroDivisionError)."
    assert report.finished_at is not None


def test_a_transient_error_puts_the_report_back_for_the_retry(world, monkeypatch):
    report = request(world)

    def database_down(html):
        raise services.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "pdf_from_html", database_down)
    with pytest.raises(services.OperationalError):
        services.report_render(report_id=report.pk, final_attempt=False)
    report.refresh_from_db()
    assert report.status == ReportStatus.PENDING
    services.report_render(report_id=report.pk, final_attempt=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


def test_the_render_task_retries_transient_errors_with_backoff():
    assert services.OperationalError in tasks.render_report.autoretry_for
    assert tasks.render_report.retry_backoff and tasks.render_report.max_retries == 5
    assert tasks.render_report.soft_time_limit < tasks.render_report.time_limit


# --- The schedule ------------------------------------------------------------------------------


def test_two_schedulers_firing_make_one_annual_review_per_contract(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.annual_reviews_queue(year=2025)
    reviews = EvaluationReport.objects.filter(kind=ReportKind.ANNUAL_REVIEW, period="2025")
    assert sorted(reviews.values_list("contract_id", flat=True)) == sorted(
        [world.contract.pk, world.other_contract.pk]
    )
    assert set(reviews.values_list("status", "trigger", "includes_confidential")) == {
        (ReportStatus.READY, ReportTrigger.SCHEDULE, False)
    }


def test_two_schedulers_racing_hit_the_database_constraint(world):
    services.report_schedule(contract=world.contract, kind=ReportKind.MID_TERM)
    # The second one passed its "does it exist?" check before the first one wrote.
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationReportFactory(
            contract=world.contract,
            kind=ReportKind.MID_TERM,
            trigger=ReportTrigger.SCHEDULE,
            status=ReportStatus.PENDING,
            file="",
        )
    assert services.report_schedule(contract=world.contract, kind=ReportKind.MID_TERM) is None


def test_a_ready_scheduled_document_answers_the_same_request(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = services.report_schedule(contract=world.contract, kind=ReportKind.FINAL)
    asked = request(world, kind=ReportKind.FINAL, by=world.reader)
    assert asked.pk == scheduled.pk


def test_a_request_succeeds_when_the_broker_is_down_and_the_sweep_queues_it_later(
    world, fake_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args):
        raise services.BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.render_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = request(world)
    assert report.status == ReportStatus.PENDING
    monkeypatch.undo()
    assert services.stalled_reports_requeue() == 0  # too early: its message may be on its way
    later = timezone.now() + services.REQUEUE_AFTER + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stalled_reports_requeue(now=later) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
