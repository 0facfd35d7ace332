"""Evaluation reports and PDF exports: asking for one, rendering it, the schedule, the e-mails.

A document goes PENDING → RUNNING → READY (or FAILED, with a reason). Its snapshot is taken when
it is asked for and never changes; the rendering works from the snapshot alone. Every step is
idempotent and safe when two workers or two schedulers run it at once:

- asking for data already rendered returns the existing document (same content hash);
- a worker starts a document only by moving it from PENDING to RUNNING in one conditional
  UPDATE, and finishes it only if it still holds it; a second worker finds nothing to do;
- the schedule makes one document per contract, kind and period: the database refuses a second
  (`unique_scheduled_report`);
- an e-mail is recorded (`actors.Notification`) before it is sent, and the record is unique.
"""

import datetime
import logging
from collections import defaultdict

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.utils import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from actions.enums import FINISHED_STATUSES
from actions.models import Action, ActionUpdate
from actors.enums import MembershipRole
from actors.models import Membership, User
from actors.services import (
    NOTIFICATION_LIFETIME,
    absolute_url,
    notification_send,
    notifications_pending_deliver,
)
from contracts import access
from contracts.models import ACTIVE_STATUSES, Contract, CoordinatorAssignment
from reports.enums import KINDS_WITH_YEAR, ReportKind, ReportStatus, ReportTrigger
from reports.models import EvaluationReport
from reports.rendering import document_html, pdf_from_html
from reports.selectors import (
    contracts_ending_soon,
    contracts_without_coordinator,
    overdue_indicators,
)
from reports.snapshots import snapshot_build, snapshot_hash

logger = logging.getLogger(__name__)

# Errors after which trying again later may succeed: the task retries them with a backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# The rendering task's hard time limit (reports/tasks.py): a document RUNNING for longer lost
# its worker, and another may take it.
RENDER_TIME_LIMIT = 6 * 60
STALE_AFTER = datetime.timedelta(seconds=RENDER_TIME_LIMIT + 30)
# The schedule catches up on days it missed (a scheduler down over a weekend).
SCHEDULE_CATCH_UP_DAYS = 31
# A document still waiting after this long lost its message: it is queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=3)
# An action with no follow-up note for this long is pointed out to its coordinator.
STALE_ACTION_DAYS = 183


def _queue(task_name: str, *args) -> None:
    """Queue a task once the current transaction commits (at once outside one).

    If the broker cannot be reached, the user's request still succeeds: the document stays
    PENDING and `stalled_reports_requeue` queues it again later.
    """
    from reports import tasks  # tasks import this module

    task = getattr(tasks, task_name)

    def send():
        try:
            task.delay(*args)
        except (BrokerError, ConnectionError) as error:
            logger.warning(
                "Task %s%s not queued (%s): it will be queued again", task_name, args, error
            )

    transaction.on_commit(send)


# --- Asking for a document ---------------------------------------------------------------------


def report_period_clean(*, contract: Contract, kind: str, period, on: datetime.date) -> str:
    """The period written the one accepted way: a past or current year for an annual review
    inside the contract's term, nothing for the other documents."""
    period = str(period or "").strip()
    if kind not in KINDS_WITH_YEAR:
        if period:
            raise ValidationError(
                {"period": "Seul le bilan annuel porte sur une année : laissez la période vide."}
            )
        return ""
    if not (period.isdigit() and len(period) == 4):
        raise ValidationError({"period": "Indiquez l'année du bilan, par exemple 2025."})
    year = int(period)
    first = contract.starts_on.year if contract.starts_on else None
    last = contract.ends_on.year if contract.ends_on else None
    if (first and year < first) or (last and year > last):
        raise ValidationError(
            {"period": f"L'année doit être comprise dans la durée du contrat ({first}–{last})."}
        )
    if year > on.year:
        raise ValidationError({"period": "Le bilan d'une année à venir ne peut être établi."})
    return period


def report_request(
    *, contract: Contract, kind: str, period="", by: User, recommendations: str = ""
) -> EvaluationReport:
    """Ask for a document on behalf of `by`; returns at once, the PDF is made by a worker.

    Confidential actions are included only if `by` may see them. When a document of the same
    data for the same audience exists, it is returned (or, if it failed, tried again) instead.
    """
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "Choisissez un document de la liste."})
    now = timezone.now()
    period = report_period_clean(
        contract=contract, kind=kind, period=period, on=timezone.localdate(now)
    )
    includes_confidential = access.can_view_confidential(by, contract)
    recommendations = _recommendations_clean(
        contract=contract, kind=kind, recommendations=recommendations, by=by
    )
    snapshot = snapshot_build(
        contract=contract,
        kind=kind,
        period=period,
        include_confidential=includes_confidential,
        recommendations=recommendations,
    )
    report = EvaluationReport(
        contract=contract,
        kind=kind,
        period=period,
        trigger=ReportTrigger.ON_DEMAND,
        includes_confidential=includes_confidential,
        snapshot=snapshot,
        content_hash=snapshot_hash(snapshot),
        data_as_of=now,
        recommendations=recommendations,
        requested_by=by if by.is_authenticated else None,
    )
    already = _report_already_asked(report, by=by)
    if already is not None:
        return already
    if not _report_save(report):
        # The same request, made at the same moment by someone else, won the race.
        return _same_data(report).filter(trigger=ReportTrigger.ON_DEMAND).get()
    return report


def _recommendations_clean(*, contract: Contract, kind: str, recommendations: str, by: User) -> str:
    """Recommendations close an evaluation, and are written by the ARS or the coordination."""
    recommendations = (recommendations or "").strip()
    if recommendations and kind not in (ReportKind.MID_TERM, ReportKind.FINAL):
        raise ValidationError(
            {"recommendations": "Seules les évaluations portent des recommandations."}
        )
    if recommendations and not access.can_coordinate_contract(by, contract):
        raise ValidationError(
            {"recommendations": "Les recommandations sont rédigées par l'ARS ou la coordination."}
        )
    return recommendations


def _same_data(report: EvaluationReport) -> QuerySet[EvaluationReport]:
    """The documents of the same data as `report` for the same audience."""
    return EvaluationReport.objects.filter(
        contract=report.contract,
        kind=report.kind,
        period=report.period,
        includes_confidential=report.includes_confidential,
        content_hash=report.content_hash,
    )


def _report_already_asked(report: EvaluationReport, *, by: User) -> EvaluationReport | None:
    """The latest ready document of the same data, or else the one asked for already (tried
    again if it failed); None if there is neither."""
    same = _same_data(report)
    ready = same.ready().order_by("-finished_at").first()
    if ready is not None:
        return ready
    existing = same.filter(trigger=ReportTrigger.ON_DEMAND).first()
    return None if existing is None else _report_retry_if_stuck(existing, by=by)


def _report_save(report: EvaluationReport) -> bool:
    """Save a new document and queue its rendering; False if the database refused it as the
    same as one saved a moment ago."""
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return False
    _queue("render_report", report.pk)
    return True


def _report_retry_if_stuck(report: EvaluationReport, *, by: User) -> EvaluationReport:
    """Asked again, a document that failed, or whose worker died, or whose message was lost,
    starts again; one on its way is left to finish."""
    now = timezone.now()
    stuck = (
        Q(status=ReportStatus.FAILED)
        | Q(status=ReportStatus.RUNNING, started_at__lt=now - STALE_AFTER)
        | Q(status=ReportStatus.PENDING, updated_at__lt=now - REQUEUE_AFTER)
    )
    retried = EvaluationReport.objects.filter(stuck, pk=report.pk).update(
        status=ReportStatus.PENDING,
        error_message="",
        started_at=None,
        finished_at=None,
        requested_by=by if by.is_authenticated else None,
        updated_at=timezone.now(),
    )
    if retried:
        _queue("render_report", report.pk)
        report.refresh_from_db()
    return report


# --- Rendering ---------------------------------------------------------------------------------


def report_pdf(report: EvaluationReport) -> bytes:
    """The PDF of a report, from its frozen snapshot."""
    html = document_html(
        snapshot=report.snapshot,
        title=report.title,
        generated_at=timezone.now(),
        data_as_of=report.data_as_of,
    )
    return pdf_from_html(html)


def report_render(
    *, report_id: int, final_attempt: bool = True, claim: str = ""
) -> EvaluationReport | None:
    """Render a PENDING report into its PDF; a no-op for a report another worker holds or
    already finished. `claim` names the rendering task: the same task, tried again or
    delivered again after its worker died, takes its report back at once.

    A transient database error (during the rendering or while saving its result) puts the
    report back to PENDING if it can and propagates, so that the task tries again later; on
    the `final_attempt` it marks the report FAILED instead.
    """
    started_at = timezone.now()
    claimed = (
        EvaluationReport.objects.filter(pk=report_id)
        .claimable(stale_before=started_at - STALE_AFTER, claim=claim)
        .update(
            status=ReportStatus.RUNNING,
            started_at=started_at,
            claimed_by=claim,
            finished_at=None,
            error_message="",
            updated_at=started_at,
        )
    )
    if not claimed:
        return EvaluationReport.objects.filter(pk=report_id).first()
    report = EvaluationReport.objects.select_related("contract").get(pk=report_id)
    held = EvaluationReport.objects.filter(
        pk=report_id, status=ReportStatus.RUNNING, started_at=started_at
    )
    try:
        return _report_finish(held, report, report_pdf(report))
    except TRANSIENT_ERRORS:
        if final_attempt:
            return _report_fail(held, report_id, "La base de données était indisponible.")
        _report_release(held)
        raise
    except SoftTimeLimitExceeded:
        return _report_fail(held, report_id, "La mise en page a dépassé le temps imparti.")
    except Exception as error:
        logger.exception("Report %s could not be rendered", report_id)
        return _report_fail(
            held, report_id, f"La mise en page du document a échoué ({type(error).__name__})."
        )


def _report_finish(held, report: EvaluationReport, pdf: bytes) -> EvaluationReport | None:
    """Store the PDF and mark the report READY if this worker still holds it; the file is
    removed again if the report cannot be marked (taken over, or the database gone)."""
    field = EvaluationReport._meta.get_field("file")
    name = default_storage.save(
        field.generate_filename(report, report.download_name), ContentFile(pdf)
    )
    finished_at = timezone.now()
    try:
        done = held.update(
            status=ReportStatus.READY, file=name, finished_at=finished_at, updated_at=finished_at
        )
    except TRANSIENT_ERRORS:
        default_storage.delete(name)
        raise
    if not done:
        # Another worker took the report over (this one was presumed dead): keep its file.
        default_storage.delete(name)
        return EvaluationReport.objects.filter(pk=report.pk).first()
    if report.trigger == ReportTrigger.SCHEDULE:
        _queue("notify_report_ready", report.pk)
    report.refresh_from_db()
    return report


def _report_release(held) -> None:
    """Back to PENDING for another try; if the database is still gone, the report stays
    RUNNING, held by the task that will try again (its claim)."""
    try:
        held.update(status=ReportStatus.PENDING, started_at=None, updated_at=timezone.now())
    except TRANSIENT_ERRORS:
        logger.warning("Report not released: its task takes it back when it tries again")


def stalled_reports_requeue(*, now: datetime.datetime | None = None) -> int:
    """Queue again the documents left waiting (broker down when they were asked for, message
    lost) or running for a worker that died; returns how many. Rendering twice is harmless:
    only one worker can hold a document."""
    now = now or timezone.now()
    stalled = (
        EvaluationReport.objects.claimable(stale_before=now - STALE_AFTER)
        .filter(updated_at__lt=now - REQUEUE_AFTER)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:500]
    )
    stalled = list(stalled)
    for report_id in stalled:
        _queue("render_report", report_id)
    return len(stalled)


def _report_fail(held, report_id: int, reason: str) -> EvaluationReport | None:
    now = timezone.now()
    held.update(status=ReportStatus.FAILED, error_message=reason, finished_at=now, updated_at=now)
    return EvaluationReport.objects.filter(pk=report_id).first()


# --- The schedule ------------------------------------------------------------------------------


def report_schedule(*, contract: Contract, kind: str, period: str = "") -> EvaluationReport | None:
    """Make the scheduled document of `kind` for `contract`, unless it exists already.

    Scheduled documents leave confidential actions out: they go to everyone concerned,
    collectivités included. Returns None when there was nothing to do.
    """
    scheduled = EvaluationReport.objects.scheduled().filter(
        contract=contract, kind=kind, period=period
    )
    if scheduled.exists():
        return None
    now = timezone.now()
    snapshot = snapshot_build(
        contract=contract, kind=kind, period=period, include_confidential=False
    )
    report = EvaluationReport(
        contract=contract,
        kind=kind,
        period=period,
        trigger=ReportTrigger.SCHEDULE,
        includes_confidential=False,
        snapshot=snapshot,
        content_hash=snapshot_hash(snapshot),
        data_as_of=now,
    )
    if not _report_save(report):
        return None  # another scheduler made it a moment ago
    return report


def annual_reviews_due(*, year: int) -> list[int]:
    """The contracts in force at the end of `year` that have no scheduled review of it yet."""
    last = datetime.date(year, 12, 31)
    done = EvaluationReport.objects.scheduled().filter(
        contract=OuterRef("pk"), kind=ReportKind.ANNUAL_REVIEW, period=str(year)
    )
    contracts = (
        Contract.objects.active(last)
        .filter(Q(starts_on__lte=last) | Q(starts_on__isnull=True, signed_on__lte=last))
        .exclude(Exists(done))
    )
    return list(contracts.order_by("pk").values_list("pk", flat=True))


def term_evaluations_due(*, on: datetime.date) -> list[tuple[int, str]]:
    """(contract, kind) of the mid-term and final evaluations that fell due in the last weeks.

    A mid-term evaluation is due when half the term has passed, a final one when the term ends;
    only contracts still in force (or in evaluation) at that date are concerned.
    """
    since = on - datetime.timedelta(days=SCHEDULE_CATCH_UP_DAYS)
    contracts = Contract.objects.filter(
        status__in=ACTIVE_STATUSES, starts_on__isnull=False, ends_on__isnull=False
    ).only("pk", "starts_on", "ends_on")
    scheduled = set(
        EvaluationReport.objects.scheduled()
        .filter(kind__in=(ReportKind.MID_TERM, ReportKind.FINAL))
        .values_list("contract_id", "kind")
    )
    due = []
    for contract in contracts.filter(starts_on__lte=on, ends_on__gte=since):
        midpoint = contract.starts_on + (contract.ends_on - contract.starts_on) / 2
        if since <= midpoint <= on and (contract.pk, ReportKind.MID_TERM) not in scheduled:
            due.append((contract.pk, ReportKind.MID_TERM))
        if since <= contract.ends_on <= on and (contract.pk, ReportKind.FINAL) not in scheduled:
            due.append((contract.pk, ReportKind.FINAL))
    return due


def annual_reviews_queue(*, year: int) -> int:
    """Queue one task per contract whose annual review of `year` is due; returns how many."""
    due = annual_reviews_due(year=year)
    for contract_id in due:
        _queue("schedule_report", contract_id, ReportKind.ANNUAL_REVIEW, str(year))
    return len(due)


def term_evaluations_queue(*, on: datetime.date) -> int:
    due = term_evaluations_due(on=on)
    for contract_id, kind in due:
        _queue("schedule_report", contract_id, kind, "")
    return len(due)


# --- E-mails -----------------------------------------------------------------------------------


def notifications_pending_send(*, now: datetime.datetime | None = None) -> int:
    """Send the e-mails recorded but not sent (mail server or broker down when they were
    asked for), and announce the scheduled documents ready but not announced; returns how
    many e-mails left. A week-old pending e-mail is no longer news: it is left."""
    now = now or timezone.now()
    for report_id in (
        EvaluationReport.objects.scheduled()
        .ready()
        .filter(notified_at__isnull=True, finished_at__gte=now - NOTIFICATION_LIFETIME)
        .values_list("pk", flat=True)
    ):
        report_notify(report_id=report_id)
    return notifications_pending_deliver(now=now)


def report_recipients(report: EvaluationReport) -> list[User]:
    """Who hears of a scheduled document: the coordination, the ARS of the région and the
    members of the signatories, among those allowed to download it."""
    contract = report.contract
    coordinators = CoordinatorAssignment.objects.current().filter(contract=contract)
    memberships = Membership.objects.current().filter(
        Q(role=MembershipRole.ARS_STAFF, organisation__region_id=contract.ars.region_id)
        | Q(
            role=MembershipRole.MEMBER,
            organisation__in=contract.signatories.values("organisation"),
        )
    )
    users = User.objects.filter(is_active=True).filter(
        Q(person__in=coordinators.values("person")) | Q(memberships__in=memberships)
    )
    return [
        user for user in users.distinct().order_by("pk") if access.can_view_report(user, report)
    ]


def report_notify(*, report_id: int) -> int:
    """E-mail the people concerned that a scheduled document is ready; returns how many."""
    report = (
        EvaluationReport.objects.select_related("contract__ars")
        .filter(pk=report_id, status=ReportStatus.READY)
        .first()
    )
    if report is None:
        return 0
    subject = f"{report.title} disponible — {report.contract.title}"
    body = render_to_string(
        "reports/email/report_ready.txt",
        {"report": report, "url": absolute_url(reverse("report_detail", args=[report.pk]))},
    )
    sent = sum(
        notification_send(user=user, key=f"report:{report.pk}", subject=subject, body=body)
        for user in report_recipients(report)
    )
    EvaluationReport.objects.filter(pk=report.pk).update(notified_at=timezone.now())
    return sent


def stale_actions(contracts, on: datetime.date):
    """Unfinished actions started six months ago or more with no follow-up note since."""
    since = on - datetime.timedelta(days=STALE_ACTION_DAYS)
    recent = ActionUpdate.objects.filter(action=OuterRef("pk"), written_on__gte=since)
    return (
        Action.objects.filter(contract__in=contracts)
        .exclude(status__in=FINISHED_STATUSES)
        .filter(Q(starts_on__lte=since) | Q(starts_on__isnull=True, created_at__date__lte=since))
        .exclude(Exists(recent))
        .annotate(last_note=Max("updates__written_on"))
        .select_related("contract")
        .order_by("contract__title", "number")
    )


def weekly_digest_send(*, on: datetime.date) -> int:
    """The Monday e-mail: to each coordinator, overdue indicator values and actions without a
    note for six months; to ARS staff, contracts ending within six months or without a
    coordinator. One e-mail per person and week; none when there is nothing to say, nor to
    those who chose not to receive it (their account page)."""
    year, week, _ = on.isocalendar()
    key = f"digest:{year}-W{week:02d}"
    return _coordinator_digests_send(on, key) + _ars_digests_send(on, key)


def _by_contract(objects) -> dict[int, list]:
    grouped = defaultdict(list)
    for item in objects:
        grouped[item.contract_id].append(item)
    return grouped


def _coordinator_digests_send(on: datetime.date, key: str) -> int:
    """To each coordinator, what they have to do on the contracts they coordinate."""
    assignments = (
        CoordinatorAssignment.objects.current(on)
        .filter(
            contract__in=Contract.objects.active(on),
            person__user__is_active=True,
            person__user__receives_weekly_digest=True,
        )
        .select_related("person__user", "contract")
    )
    contracts_of = defaultdict(list)
    for assignment in assignments:
        contracts_of[assignment.person.user].append(assignment.contract)
    contract_ids = {c.pk for contracts in contracts_of.values() for c in contracts}
    overdue = _by_contract(
        overdue_indicators(on)
        .filter(contract__in=contract_ids)
        .select_related("definition", "action")
    )
    stale = _by_contract(stale_actions(contract_ids, on))
    sent = 0
    for user, contracts in contracts_of.items():
        items = [
            {"contract": c, "overdue": overdue.get(c.pk, []), "stale": stale.get(c.pk, [])}
            for c in contracts
            if overdue.get(c.pk) or stale.get(c.pk)
        ]
        if items:
            sent += _digest_send(user, key, "coordinator", items, on)
    return sent


def _ars_digests_send(on: datetime.date, key: str) -> int:
    """To ARS staff, the contracts of their région that need the agency's attention."""
    staff = (
        Membership.objects.current(on)
        .filter(
            role=MembershipRole.ARS_STAFF,
            user__is_active=True,
            user__receives_weekly_digest=True,
            organisation__region__isnull=False,
        )
        .select_related("user", "organisation")
    )
    regions_of = defaultdict(set)
    for membership in staff:
        regions_of[membership.user].add(membership.organisation.region_id)
    regions = {region for ids in regions_of.values() for region in ids}
    in_regions = Contract.objects.filter(ars__region__in=regions).select_related("ars")
    ending = list(contracts_ending_soon(in_regions, on).order_by("ends_on"))
    orphans = list(contracts_without_coordinator(in_regions, on).order_by("title"))
    sent = 0
    for user, user_regions in regions_of.items():
        items = {
            "ending": [c for c in ending if c.ars.region_id in user_regions],
            "orphans": [c for c in orphans if c.ars.region_id in user_regions],
        }
        if items["ending"] or items["orphans"]:
            sent += _digest_send(user, key, "ars", items, on)
    return sent


def _digest_send(user: User, key: str, audience: str, items, on: datetime.date) -> int:
    body = render_to_string(
        f"reports/email/digest_{audience}.txt",
        {"user": user, "items": items, "on": on, "site_url": settings.SITE_URL.rstrip("/")},
    )
    subject = f"Plateforme CLS — votre point hebdomadaire du {on:%d/%m/%Y}"
    # A coordinator who is also ARS staff gets two e-mails a week, each under its own key.
    return int(notification_send(user=user, key=f"{key}:{audience}", subject=subject, body=body))
