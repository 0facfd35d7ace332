"""Documents made on the spot: a fiche action as a PDF or as an editable Word document, and the
action book as an editable document, each for those who may read them."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from actions.models import FundingLine
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.reports.pdfs import pdf_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def fiche(world):
    action = world.lead_action
    action.title = "Accueillir les internes"
    action.description = "Des logements meublés près du centre hospitalier."
    action.save()
    FundingLine.objects.create(
        action=action,
        funder=OrganisationFactory(name="ARS Bretagne test"),
        scheme="fir",
        year=2026,
        planned_amount=Decimal("12000"),
    )
    indicator = IndicatorFactory(contract=world.contract, action=action)
    IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal(3))
    return action


def _url(name, world, action):
    return reverse(name, args=[world.contract.pk, action.pk])


def test_a_fiche_downloads_as_a_pdf(client, world, fiche):
    client.force_login(world.reader)
    response = client.get(_url("action_sheet_pdf", world, fiche))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fiche-action-1-1-' in response["Content-Disposition"]
    text, pages = pdf_text(response.content)
    assert "Fiche action" in text and "Accueillir les internes" in text
    assert "Des logements meublés près du centre hospitalier." in text
    assert "ARS Bretagne test" in text
    assert pages >= 2  # the cover, then the fiche


def test_a_fiche_downloads_as_an_editable_document(client, world, fiche):
    client.force_login(world.coordinator)
    response = client.get(_url("action_sheet_docx", world, fiche))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    text = _docx_text(response.content)
    assert f"Fiche action {fiche.number} — Accueillir les internes" in text
    assert "Des logements meublés près du centre hospitalier." in text
    assert "ARS Bretagne test" in text and "12000,00 €" in text
    assert world.contract.title in text


def test_the_action_book_downloads_as_an_editable_document(client, world, fiche):
    ActionFactory(axis=world.axis, number="1.9", title="Action sensible", is_confidential=True)
    client.force_login(world.reader)
    response = client.get(reverse("action_book_docx", args=[world.contract.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="livre-des-fiches-actions-' in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert f"Axe {world.axis.number} — {world.axis.title}" in text
    assert "Accueillir les internes" in text
    assert "Action sensible" not in text
    client.force_login(world.coordinator)
    coordinated = _docx_text(
        client.get(reverse("action_book_docx", args=[world.contract.pk])).content
    )
    assert "Action sensible" in coordinated
    assert "Diffusion restreinte" in coordinated


def test_a_confidential_fiche_is_not_found_for_a_reader(client, world):
    secret = ActionFactory(axis=world.axis, number="1.8", is_confidential=True)
    client.force_login(world.reader)
    assert client.get(_url("action_sheet_pdf", world, secret)).status_code == 404
    assert client.get(_url("action_sheet_docx", world, secret)).status_code == 404


def test_documents_of_another_contract_are_not_found(client, world, fiche):
    client.force_login(world.other_agent)
    assert client.get(_url("action_sheet_docx", world, fiche)).status_code == 404
    assert client.get(reverse("action_book_docx", args=[world.contract.pk])).status_code == 404


def test_the_fiche_page_offers_its_documents(client, world, fiche):
    client.force_login(world.reader)
    page = client.get(reverse("action_sheet", args=[world.contract.pk, fiche.pk]))
    assert _url("action_sheet_pdf", world, fiche) in page.text
    assert _url("action_sheet_docx", world, fiche) in page.text
