"""What the schedule makes and when, and the e-mails it sends: once each."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from actors.enums import MembershipRole
from actors.models import Notification
from contracts.enums import ContractStatus
from reports import services
from reports.enums import ReportKind
from reports.models import EvaluationReport
from tests.actions.factories import ActionFactory, ActionUpdateFactory
from tests.actors.factories import MembershipFactory, UserFactory
from tests.clock import TODAY
from tests.contracts.factories import ContractFactory
from tests.indicators.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

MONDAY = TODAY + datetime.timedelta(days=1)  # the tests' today is a Sunday


def test_every_periodic_task_is_declared_in_the_one_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "reports.tasks.queue_annual_reviews",
        "reports.tasks.queue_term_evaluations",
        "reports.tasks.send_weekly_digest",
        "reports.tasks.requeue_stalled_reports",
        "reports.tasks.send_pending_notifications",
    }


def test_annual_review_is_due_for_contracts_in_force_at_the_end_of_the_year(world):
    ContractFactory(status=ContractStatus.ELABORATION)  # not signed
    ended = ContractFactory(
        signed_on=datetime.date(2019, 12, 1),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    assert set(services.annual_reviews_due(year=2025)) == {
        world.contract.pk,
        world.other_contract.pk,
    }
    # A contract ending on 31 December gets the review of its last year; those of `world`
    # started in 2024.
    assert services.annual_reviews_due(year=2023) == [ended.pk]


def test_mid_term_and_final_evaluations_fall_due_at_half_term_and_term(world):
    # The contracts of `world` run from 2024-01-01 to 2028-12-31: half term on 2026-07-01.
    assert services.term_evaluations_due(on=datetime.date(2026, 6, 30)) == []
    due = services.term_evaluations_due(on=datetime.date(2026, 7, 2))
    assert sorted(due) == sorted(
        [(world.contract.pk, ReportKind.MID_TERM), (world.other_contract.pk, ReportKind.MID_TERM)]
    )
    # Caught up for a few weeks only: a platform started years later makes no old evaluation.
    assert services.term_evaluations_due(on=datetime.date(2026, 9, 15)) == []
    finals = services.term_evaluations_due(on=datetime.date(2029, 1, 3))
    assert (world.contract.pk, ReportKind.FINAL) in finals


def test_scheduled_evaluation_is_made_once_even_when_the_day_repeats(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.term_evaluations_queue(on=datetime.date(2026, 7, 2))
    assert EvaluationReport.objects.filter(kind=ReportKind.MID_TERM).count() == 2  # 2 contracts
    assert services.term_evaluations_due(on=datetime.date(2026, 7, 3)) == []


def test_people_concerned_get_one_email_with_a_link_when_a_scheduled_report_is_ready(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_schedule(
            contract=world.contract, kind=ReportKind.ANNUAL_REVIEW, period="2025"
        )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.agent.email, world.coordinator.email, world.reader.email])
    assert f"/reports/{report.pk}/" in mail.outbox[0].body
    assert "Bilan annuel 2025" in mail.outbox[0].subject
    # A retried task sends nothing more.
    assert services.report_notify(report_id=report.pk) == 0
    assert len(mail.outbox) == 3


def test_on_demand_documents_send_no_email(world, fake_pdf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(
            contract=world.contract, kind=ReportKind.SUMMARY, by=world.coordinator
        )
    assert mail.outbox == []


def test_weekly_digest_reminds_the_coordinator_of_overdue_values_and_silent_actions(world):
    IndicatorFactory(contract=world.contract)  # no value for 2025
    ActionUpdateFactory(action=world.lead_action, written_on=datetime.date(2025, 1, 10))
    ActionFactory(axis=world.axis, number="1.5", title="Action en attente de nouvelles")
    services.weekly_digest_send(on=MONDAY)
    [digest] = [message for message in mail.outbox if message.to == [world.coordinator.email]]
    assert "CLS de Belle-Île-en-Mer" in digest.body
    assert "Valeurs d'indicateurs attendues" in digest.body
    assert "1.5 — Action en attente de nouvelles (aucune note)" in digest.body
    assert "dernière note le 10/01/2025" in digest.body


def test_weekly_digest_reminds_ars_staff_of_contracts_ending_or_without_coordinator(world):
    ContractFactory(
        title="CLS finissant", ars=world.contract.ars, ends_on=datetime.date(2027, 3, 31)
    )
    services.weekly_digest_send(on=MONDAY)
    [to_agent] = [message for message in mail.outbox if message.to == [world.agent.email]]
    assert "CLS finissant : fin le 31/03/2027" in to_agent.body
    assert "Contrats sans coordonnateur en poste" in to_agent.body  # the new one has none
    [to_other] = [message for message in mail.outbox if message.to == [world.other_agent.email]]
    assert "CLS du Pays de Craon" in to_other.body and "CLS finissant" not in to_other.body


def test_weekly_digest_is_sent_once_a_week_and_not_to_people_with_nothing_to_do(world):
    quiet = UserFactory()
    MembershipFactory(user=quiet, organisation=world.collectivite, role=MembershipRole.MEMBER)
    first = services.weekly_digest_send(on=MONDAY)
    again = services.weekly_digest_send(on=MONDAY + datetime.timedelta(days=1))
    assert first == len(mail.outbox) and again == 0
    assert quiet.email not in {address for message in mail.outbox for address in message.to}
    assert Notification.objects.filter(key__startswith="digest:2026-W48").count() == first
