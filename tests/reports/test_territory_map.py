"""The contract's territory drawn on its département in the summary and the annual review
(#27): the SVG kept in the document's data, and its legend read back from the PDF."""

import pytest
from django.core.files.storage import default_storage

from reports import services
from reports.enums import ReportKind, ReportStatus
from tests.portfolio.conftest import bretagne_with_every_situation
from tests.reports.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "period"), [(ReportKind.SUMMARY, ""), (ReportKind.ANNUAL_REVIEW, "2025")]
)
def test_the_document_draws_the_territory_on_its_departement(
    django_capture_on_commit_callbacks, kind, period
):
    bretagne = bretagne_with_every_situation()
    contract = bretagne.communes["56152"].territories.get().contracts.get()

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            contract=contract, kind=kind, period=period, by=bretagne.agent
        )

    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error_message
    drawing = report.snapshot["territory_map"]
    assert drawing.startswith('<svg class="cls-map" id="carte-territoire"')
    assert "<title>Le Palais</title>" in drawing
    assert "<title>Morbihan</title>" in drawing
    with default_storage.open(report.file.name, "rb") as file:
        text, _pages = pdf_text(file.read())
    assert "Territoire du contrat" in text and "Reste du département" in text


def test_a_territory_without_shapes_leaves_the_map_out(world, django_capture_on_commit_callbacks):
    """The factories' communes have invented codes: nothing to draw, no empty frame."""
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            contract=world.contract, kind=ReportKind.SUMMARY, by=world.coordinator
        )
    report.refresh_from_db()
    assert report.snapshot["territory_map"] == ""
