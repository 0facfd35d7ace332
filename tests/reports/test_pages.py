"""The « Rapports » tab as people use it: ask for a document, follow it, download it; and who
may open what."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from reports.enums import ReportKind, ReportStatus, ReportTrigger
from reports.models import EvaluationReport
from tests.reports.conftest import FAKE_PDF
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


def reports_url(contract):
    return reverse("contract_reports", args=[contract.pk])


def ask(client, contract, kind, period="", **data):
    return client.post(
        reverse("report_create", args=[contract.pk]), {"kind": kind, "period": period, **data}
    )


def test_reader_asks_for_a_summary_and_downloads_it(
    client, world, fake_pdf, django_capture_on_commit_callbacks
):
    client.force_login(world.reader)
    page = client.get(reports_url(world.contract))
    assert "Demander un document" in page.text
    assert "report-status.js" in page.text  # progress follows without reloading by hand
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, world.contract, ReportKind.SUMMARY, period="2025")
    report = EvaluationReport.objects.get()
    assert response.status_code == 302
    assert response.url == f"{reports_url(world.contract)}#document-{report.pk}"
    assert (report.status, report.period, report.requested_by) == ("ready", "", world.reader)
    assert report.includes_confidential is False
    page = client.get(reports_url(world.contract))
    assert "Synthèse du contrat" in page.text
    assert reverse("report_download", args=[report.pk]) in page.text
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == FAKE_PDF
    assert "attachment" in download["Content-Disposition"]


def test_page_lists_who_asked_when_and_from_which_data(client, world):
    EvaluationReportFactory(contract=world.contract, requested_by=world.agent)
    EvaluationReportFactory(
        contract=world.contract,
        kind=ReportKind.ANNUAL_REVIEW,
        period="2025",
        trigger=ReportTrigger.SCHEDULE,
        status=ReportStatus.FAILED,
        file="",
        error_message="La mise en page du document a échoué (ValueError).",
    )
    client.force_login(world.coordinator)
    text = client.get(reports_url(world.contract)).text
    assert f"par {escape(world.agent)}" in text  # names may hold an apostrophe
    assert "Bilan annuel 2025" in text and "calendrier" in text
    assert "La mise en page du document a échoué (ValueError)." in text


def test_request_returns_at_once_and_status_endpoint_follows_it(client, world):
    # Without running the on-commit task: the request does not wait for the document.
    client.force_login(world.coordinator)
    ask(client, world.contract, ReportKind.ACTION_BOOK)
    report = EvaluationReport.objects.get()
    assert report.status == ReportStatus.PENDING
    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status == {
        "id": report.pk,
        "status": "pending",
        "status_label": "En attente",
        "is_finished": False,
        "error_message": "",
        "download_url": None,
        "detail_url": reverse("report_detail", args=[report.pk]),
    }
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 404


def test_annual_review_needs_a_year_of_the_contract(client, world):
    client.force_login(world.coordinator)
    response = ask(client, world.contract, ReportKind.ANNUAL_REVIEW)
    assert response.status_code == 400
    assert response.context["form"].errors == {"period": ["Choisissez l'année du bilan."]}
    response = ask(client, world.contract, ReportKind.ANNUAL_REVIEW, period="2019")
    assert response.status_code == 400
    assert not EvaluationReport.objects.exists()


def test_only_the_coordination_writes_recommendations(client, world, fake_pdf):
    client.force_login(world.reader)
    assert "Recommandations" not in client.get(reports_url(world.contract)).text
    client.force_login(world.agent)
    assert "Recommandations" in client.get(reports_url(world.contract)).text
    ask(client, world.contract, ReportKind.FINAL, recommendations="Renouveler le contrat.")
    assert EvaluationReport.objects.get().recommendations == "Renouveler le contrat."


def test_report_page_shows_its_charts_from_the_snapshot(
    client, world, fake_pdf, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, world.contract, ReportKind.SUMMARY)
    report = EvaluationReport.objects.get()
    page = client.get(reverse("report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert page.text.count("<svg") >= 2  # the axis's statuses and the funding
    assert "Télécharger le PDF" in page.text


# --- Who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["report_detail", "report_status", "report_download"])
def test_reader_of_another_contract_gets_a_404(client, world, view):
    report = EvaluationReportFactory(contract=world.other_contract)
    client.force_login(world.reader)
    assert client.get(reverse(view, args=[report.pk])).status_code == 404
    client.force_login(world.other_agent)
    assert client.get(reverse(view, args=[report.pk])).status_code == 200


@pytest.mark.parametrize("view", ["report_detail", "report_status", "report_download"])
def test_document_with_confidential_actions_is_hidden_from_readers(client, world, view):
    report = EvaluationReportFactory(contract=world.contract, includes_confidential=True)
    client.force_login(world.reader)
    assert client.get(reverse(view, args=[report.pk])).status_code == 404
    assert f"document-{report.pk}" not in client.get(reports_url(world.contract)).text
    client.force_login(world.coordinator)
    assert client.get(reverse(view, args=[report.pk])).status_code == 200


def test_nobody_asks_for_a_document_of_a_contract_they_cannot_see(client, world):
    client.force_login(world.other_agent)
    assert ask(client, world.contract, ReportKind.SUMMARY).status_code == 404
    assert not EvaluationReport.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, world):
    report = EvaluationReportFactory(contract=world.contract)
    response = client.get(reverse("report_download", args=[report.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 8])
def test_reports_page_query_count_does_not_grow_with_reports(
    client, world, django_assert_num_queries, size
):
    EvaluationReportFactory.create_batch(size, contract=world.contract, requested_by=world.agent)
    client.force_login(world.coordinator)
    # 1 session, 2 user, 3 roles (memberships), 4 contract with its header relations,
    # 5 may the user coordinate it (current coordinator?), for the header and the form,
    # 6 may they see confidential actions (the same question, asked for the list),
    # 7 the reports with who asked for each.
    with django_assert_num_queries(7):
        assert client.get(reports_url(world.contract)).status_code == 200


@pytest.mark.parametrize("size", [1, 8])
def test_status_endpoint_query_count_is_constant(client, world, django_assert_num_queries, size):
    reports = EvaluationReportFactory.create_batch(size, contract=world.contract)
    client.force_login(world.reader)
    # 1 session, 2 user, 3 roles (memberships), 4 the report, scoped to what the user sees.
    with django_assert_num_queries(4):
        assert client.get(reverse("report_status", args=[reports[-1].pk])).status_code == 200


def test_page_invites_to_reload_without_javascript_while_a_document_is_being_made(client, world):
    client.force_login(world.agent)
    url = reverse("contract_reports", args=[world.contract.pk])
    EvaluationReportFactory(contract=world.contract, status=ReportStatus.READY)
    assert "actualisez la page" not in client.get(url).text
    EvaluationReportFactory(
        contract=world.contract, status=ReportStatus.PENDING, file="", content_hash=""
    )
    assert "actualisez la page" in client.get(url).text


def test_documents_are_saved_under_french_file_names(world):
    world.contract.title = "CLS de Belle-Île-en-Mer 2024-2028"
    summary = EvaluationReportFactory(contract=world.contract, kind=ReportKind.SUMMARY)
    review = EvaluationReportFactory(
        contract=world.contract, kind=ReportKind.ANNUAL_REVIEW, period="2025"
    )
    book = EvaluationReportFactory(contract=world.contract, kind=ReportKind.ACTION_BOOK)

    assert summary.download_name == "synthese-cls-de-belle-ile-en-mer-2024-2028-2026-11-22.pdf"
    assert review.download_name.startswith("bilan-annuel-2025-cls-de-belle-ile-en-mer-")
    assert book.download_name.startswith("livre-des-fiches-actions-cls-de-belle-ile-en-mer-")
