"""Documents mark the indicator values the ARS has not validated: in their snapshot, in the
table of indicators (« non validée »), under each chart, and as hollow dots on the charts."""

import pytest
from django.utils import timezone

from indicators.enums import ValueStatus
from indicators.models import IndicatorValue
from reports.enums import ReportKind
from reports.rendering import document_html, pdf_from_html
from reports.snapshots import snapshot_build
from tests.reports.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(rich):
    """`rich`, whose indicator has its 2024 value validated and its 2025 value submitted."""
    IndicatorValue.objects.filter(indicator=rich.indicator, period="2024").update(
        status=ValueStatus.VALIDATED, validated_at=timezone.now()
    )
    IndicatorValue.objects.filter(indicator=rich.indicator, period="2025").update(
        status=ValueStatus.SUBMITTED
    )
    return rich


def html_of(world, kind, period=""):
    snapshot = snapshot_build(
        contract=world.contract, kind=kind, period=period, include_confidential=True
    )
    return snapshot, document_html(snapshot=snapshot, title="Document")


def test_the_snapshot_tells_each_value_validated_or_not(reviewed):
    snapshot, _ = html_of(reviewed, ReportKind.SUMMARY)
    indicator = next(i for i in snapshot["indicators"] if i["code"] == "CLS-R02")
    assert [(v["period"], v["validated"], v["status"]) for v in indicator["values"]] == [
        ("2024", True, "Validée"),
        ("2025", False, "Soumise"),
    ]
    assert indicator["latest"] == {"period": "2025", "value": "10.7", "validated": False}


@pytest.mark.parametrize(
    ("kind", "period"), [(ReportKind.SUMMARY, ""), (ReportKind.ACTION_BOOK, "")]
)
def test_the_table_of_indicators_marks_the_latest_value_not_validated(reviewed, kind, period):
    _, html = html_of(reviewed, kind, period)
    assert "(2025, non validée)" in html


@pytest.mark.parametrize(
    ("kind", "period"),
    [(ReportKind.ANNUAL_REVIEW, "2025"), (ReportKind.MID_TERM, ""), (ReportKind.FINAL, "")],
)
def test_charts_and_their_figures_mark_the_values_not_validated(reviewed, kind, period):
    _, html = html_of(reviewed, kind, period)
    figures = " ".join(html[html.index("Valeurs :") :].split("</p>")[0].split())
    assert figures == "Valeurs : 2024 : 11,9 · 2025 : 10,7 <em>(non validée)</em>"
    assert html.count('class="value value--unvalidated"') == 1
    assert "Valeur non validée" in html  # the chart's legend


def test_the_pdf_says_non_validee(reviewed):
    _, html = html_of(reviewed, ReportKind.ANNUAL_REVIEW, "2025")
    text, _ = pdf_text(pdf_from_html(html))
    assert "2025 : 10,7 (non validée)" in text
    assert "10,7 (2025, non validée)" in text
