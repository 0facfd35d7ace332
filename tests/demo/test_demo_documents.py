"""Every document of the richest demo contract, read back from its PDF: the real territory,
every axis, the numbers of a known indicator, numbered pages."""

import datetime

import pytest
from django.core.files.storage import default_storage

from actors.models import User
from contracts.models import Contract
from demo.seed import demo_seed
from indicators.models import Indicator
from reports import services
from reports.enums import ReportKind, ReportStatus
from reports.templatetags.report_tags import fr_number
from tests.clock import travel_to_now
from tests.reports.pdfs import pdf_text

BELLE_ILE = "CLS de Belle-Île-en-Mer 2024-2028"
# At least this many pages: the cover, then the sections that each open a page.
MINIMUM_PAGES = {
    ReportKind.SUMMARY: 4,
    ReportKind.ACTION_BOOK: 9,
    ReportKind.ANNUAL_REVIEW: 6,
    ReportKind.MID_TERM: 6,
    ReportKind.FINAL: 6,
}


@pytest.fixture(scope="module")
def seeded(referential, django_db_blocker):
    with django_db_blocker.unblock(), travel_to_now():
        return demo_seed()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "period"),
    [
        (ReportKind.SUMMARY, ""),
        (ReportKind.ACTION_BOOK, ""),
        (ReportKind.ANNUAL_REVIEW, "2025"),
        (ReportKind.MID_TERM, ""),
        (ReportKind.FINAL, ""),
    ],
)
def test_each_document_of_belle_ile_says_what_it_should(
    seeded, django_capture_on_commit_callbacks, kind, period
):
    contract = Contract.objects.select_related("territory").get(title=BELLE_ILE)
    coordinator = User.objects.get(email="coordination.belle-ile@demo.cls")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            contract=contract, kind=kind, period=period, by=coordinator
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error_message
    with default_storage.open(report.file.name, "rb") as file:
        text, pages = pdf_text(file.read())

    assert report.title in text
    assert BELLE_ILE in text
    assert contract.territory.name in text
    assert f"{fr_number(contract.territory.population)} habitants".replace("\u202f", " ") in text
    for axis in contract.axes.all():
        assert f"Axe {axis.number} — {axis.title}" in text
    assert pages >= MINIMUM_PAGES[kind]
    assert f"Page {pages} / {pages}" in text

    if kind != ReportKind.ACTION_BOOK:  # the action book shows indicators on their sheets
        known = Indicator.objects.select_related("definition").get(
            contract=contract, definition__code="CLS-R02"
        )
        assert "CLS-R02" in text
        assert fr_number(known.baseline_value) in text
        assert fr_number(known.target_value) in text
        until = datetime.date(2025, 12, 31) if period else None
        values = known.values.exclude(status="rejected").order_by("-period_start")
        latest = (values.filter(period_end__lte=until) if until else values).first()
        assert f"{fr_number(latest.value)} ({latest.period}" in text
