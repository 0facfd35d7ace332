"""Exports through the API: `POST /api/v1/contracts/{id}/exports/` answers at once, `GET
/api/v1/exports/{id}/` follows the document, then `download_url` gives the PDF."""

import pytest
from rest_framework.test import APIClient

from actors.services import api_token_create
from reports.enums import ReportStatus
from reports.models import EvaluationReport
from tests.reports.conftest import FAKE_PDF
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


def session(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def with_token(user, scopes=("read",)) -> APIClient:
    _, key = api_token_create(user=user, name="Outil partenaire", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def exports_url(contract) -> str:
    return f"/api/v1/contracts/{contract.pk}/exports/"


def test_export_is_accepted_at_once_then_followed_until_ready(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    client = with_token(world.reader)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(exports_url(world.contract), {"kind": "summary"}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending" and body["download_url"] is None
    assert body["status_url"] == f"http://testserver/api/v1/exports/{body['id']}/"
    assert response["Location"] == body["status_url"]
    # The worker's turn.
    for callback in callbacks:
        callback()
    followed = client.get(body["status_url"]).json()
    assert followed["status"] == "ready"
    assert followed["download_url"] == f"http://testserver/api/v1/exports/{body['id']}/download/"
    download = client.get(followed["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == FAKE_PDF


def test_same_data_again_answers_200_with_the_existing_export(
    world, fake_pdf, django_capture_on_commit_callbacks
):
    client = session(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(exports_url(world.contract), {"kind": "action_book"}, format="json")
    again = client.post(exports_url(world.contract), {"kind": "action_book"}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["download_url"]


def test_annual_review_needs_a_year_and_other_documents_none(world):
    client = session(world.coordinator)
    response = client.post(exports_url(world.contract), {"kind": "annual_review"}, format="json")
    assert response.status_code == 400
    assert "period" in response.json()["details"]
    response = client.post(
        exports_url(world.contract), {"kind": "summary", "period": "2025"}, format="json"
    )
    assert response.status_code == 400
    response = client.post(exports_url(world.contract), {"kind": "brochure"}, format="json")
    assert response.status_code == 400
    assert not EvaluationReport.objects.exists()


def test_contract_out_of_scope_is_a_404(world):
    response = session(world.other_agent).post(
        exports_url(world.contract), {"kind": "summary"}, format="json"
    )
    assert response.status_code == 404
    assert not EvaluationReport.objects.exists()


def test_export_of_another_contract_is_a_404(world):
    report = EvaluationReportFactory(contract=world.other_contract)
    client = session(world.reader)
    assert client.get(f"/api/v1/exports/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/exports/{report.pk}/download/").status_code == 404


def test_export_with_confidential_actions_is_hidden_from_readers(world):
    report = EvaluationReportFactory(contract=world.contract, includes_confidential=True)
    assert session(world.reader).get(f"/api/v1/exports/{report.pk}/").status_code == 404
    assert session(world.agent).get(f"/api/v1/exports/{report.pk}/").status_code == 200


def test_anonymous_caller_gets_a_401_or_403_not_a_redirect(world):
    response = APIClient().post(exports_url(world.contract), {"kind": "summary"}, format="json")
    assert response.status_code in (401, 403)


def test_download_before_ready_is_a_404(world):
    report = EvaluationReportFactory(contract=world.contract, status=ReportStatus.PENDING, file="")
    assert session(world.reader).get(f"/api/v1/exports/{report.pk}/download/").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_status_query_count_is_constant(world, django_assert_num_queries, size):
    reports = EvaluationReportFactory.create_batch(size, contract=world.contract)
    client = session(world.reader)
    # 1 session, 2 user, 3 roles (memberships), 4 the export, scoped to what the user sees.
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/exports/{reports[-1].pk}/").status_code == 200


def test_a_read_token_asks_for_a_document_but_writes_no_recommendation_into_it(world, fake_pdf):
    """Asking for a document changes no data; writing recommendations into an evaluation
    needs a write scope, and the role that may write them."""
    request = {"kind": "mid_term", "recommendations": "Recruter une seconde coordinatrice."}
    refused = with_token(world.coordinator).post(
        exports_url(world.contract), request, format="json"
    )

    assert refused.status_code == 403
    assert "reports:write" in refused.json()["message"]
    assert not EvaluationReport.objects.exists()
    plain = with_token(world.coordinator).post(
        exports_url(world.contract), {"kind": "mid_term"}, format="json"
    )
    assert plain.status_code in (200, 202)


def test_a_write_token_writes_recommendations_only_for_the_coordination(world, fake_pdf):
    request = {"kind": "mid_term", "recommendations": "Recruter une seconde coordinatrice."}
    scopes = ("read", "reports:write")

    accepted = with_token(world.coordinator, scopes).post(
        exports_url(world.contract), request, format="json"
    )
    refused = with_token(world.reader, scopes).post(
        exports_url(world.contract), request, format="json"
    )

    assert accepted.status_code in (200, 202)
    assert EvaluationReport.objects.get().snapshot["recommendations"] == request["recommendations"]
    assert refused.status_code == 400
    assert "recommendations" in refused.json()["details"]
