"""Each document, rendered for a contract made with factories, says what it should (read back
from the PDF with pypdf): title, territory, every axis, a known indicator's numbers, pages."""

import pytest
from django.core.files.storage import default_storage

from reports import services
from reports.enums import ReportKind, ReportStatus
from tests.reports.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    """Ask for a document as a user would (its task runs when the request commits), then read
    the PDF back."""

    def render(world, kind, period="", by=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(
                contract=world.contract,
                kind=kind,
                period=period,
                by=by or world.coordinator,
                **extra,
            )
        report.refresh_from_db()
        assert report.status == ReportStatus.READY, report.error_message
        with default_storage.open(report.file.name, "rb") as file:
            return report, *pdf_text(file.read())

    return render


def assert_common(text, pages, title):
    assert title in text
    assert "CLS de Belle-Île-en-Mer" in text
    assert "Belle-Île-en-Mer" in text  # the territory
    assert "Généré le" in text and "données au" in text
    # Every page is numbered out of the total.
    assert f"Page {pages} / {pages}" in text


def test_contract_summary_shows_territory_axes_indicator_and_funding(rich, render):
    report, text, pages = render(rich, ReportKind.SUMMARY)
    assert_common(text, pages, "Synthèse du contrat")
    assert pages >= 4
    for axis in (
        "Axe 1 — Accès aux soins de premier recours",
        "Axe 2 — Parcours des personnes âgées",
    ):
        assert axis in text
    # The known indicator: baseline, latest value (with its period) and target.
    assert "CLS-R02" in text
    assert "12,8" in text and "10,7 (2025" in text and "8 (" in text
    assert "Conseil départemental du Morbihan 18 000 € 16 000 € 9 000 €" in text
    assert "COPIL du CLS" in text
    assert report.file.name.endswith(".pdf")


def test_action_book_prints_every_sheet_in_axis_order_with_a_table_of_contents(rich, render):
    _, text, pages = render(rich, ReportKind.ACTION_BOOK)
    assert_common(text, pages, "Livre des fiches actions")
    assert "Sommaire" in text
    sheets = [
        "Fiche action 1.1 — Accueillir",
        "Fiche action 1.2 — Régulation",
        "Fiche action 1.10 — Téléconsultation",
        "Fiche action 2.1 — Médiation sensible",
    ]
    positions = [text.index(sheet) for sheet in sheets]
    assert positions == sorted(positions)  # 1.10 after 1.2: numbers sort as numbers
    # Cover, contents, then one page per axis opening and per sheet at least.
    assert pages >= 2 + 4
    assert "Deux internes accueillis au printemps." in text


def test_annual_review_covers_the_year_notes_values_funding_and_meetings(rich, render):
    _, text, pages = render(rich, ReportKind.ANNUAL_REVIEW, "2025")
    assert_common(text, pages, "Bilan annuel 2025")
    assert "Synthèse de l'année 2025" in text
    assert "Deux internes accueillis au printemps." in text
    assert "10,7" in text and "CLS-R02" in text
    assert "Financements 2025" in text and "16 000 €" in text
    assert "Bilan annuel 2024" in text  # the meeting held in 2025
    assert "Points d'attention" in text


@pytest.mark.parametrize(
    ("kind", "title"),
    [(ReportKind.MID_TERM, "Évaluation à mi-parcours"), (ReportKind.FINAL, "Évaluation finale")],
)
def test_evaluations_cover_the_term_with_trajectories_and_recommendations(
    rich, render, kind, title
):
    _, text, pages = render(rich, kind, recommendations="Pérenniser le poste de coordination.")
    assert_common(text, pages, title)
    assert "Réalisations par axe" in text and "Trajectoires des indicateurs" in text
    assert "Axe 2 — Parcours des personnes âgées" in text
    assert "Pérenniser le poste de coordination." in text


def test_confidential_actions_are_only_in_documents_of_those_allowed(rich, render):
    _, text, _ = render(rich, ReportKind.ACTION_BOOK, by=rich.coordinator)
    assert "Médiation sensible" in text and "SECRET-1" in text
    assert "Diffusion restreinte" in text
    _, text, _ = render(rich, ReportKind.ACTION_BOOK, by=rich.reader)
    assert "Médiation sensible" not in text and "SECRET-1" not in text
    assert "Diffusion restreinte" not in text


def test_reader_document_leaves_confidential_funding_out_of_the_totals(rich, render):
    _, text, _ = render(rich, ReportKind.SUMMARY, by=rich.reader)
    # Only the public action's line: 18 000 € planned, not 28 000 €.
    assert "Total 18 000 €" in text


def test_a_document_is_frozen_it_keeps_the_data_it_was_made_from(rich, render):
    report, _, _ = render(rich, ReportKind.SUMMARY)
    rich.axis.title = "Un autre titre"
    rich.axis.save()
    html_from_snapshot = services.report_pdf  # rendering reads the snapshot only
    report.refresh_from_db()
    assert report.snapshot["axes"][0]["title"] == "Accès aux soins de premier recours"
    assert html_from_snapshot(report)[:4] == b"%PDF"
