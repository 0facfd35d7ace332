"""Creating and editing contracts as ARS staff would, and refusals for everyone else."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.enums import OrganisationKind
from contracts.enums import ContractStatus, SignatoryRole
from contracts.models import Contract, Document
from tests.actors.factories import OrganisationFactory
from tests.contracts.factories import SignatoryFactory
from tests.documents import docx_bytes, pdf_bytes
from tests.territories.factories import CommuneFactory, EpciFactory


def contract_form(world, **overrides):
    data = {
        "title": "CLS de Quiberon",
        "kind": "cls",
        "ars": world.contract.ars.pk,
        "territory_mode": "communes",
        "communes": world.contract.territory.communes.get().code,
        "starts_on": "2026-01-01",
        "ends_on": "2030-12-31",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_agent_creates_a_contract_on_communes(client, world):
    client.force_login(world.agent)
    response = client.post(reverse("contract_create"), contract_form(world))
    contract = Contract.objects.get(title="CLS de Quiberon")
    assert response.status_code == 302
    assert response.url == contract.get_absolute_url()
    assert contract.status == ContractStatus.SCOPING
    assert list(contract.territory.communes.all()) == list(world.contract.territory.communes.all())


def test_agent_creates_a_contract_on_an_epci(client, world):
    epci = EpciFactory(name="CC de Test")
    region = world.contract.ars.region
    CommuneFactory.create_batch(3, epci=epci, departement__region=region)
    client.force_login(world.agent)
    client.post(
        reverse("contract_create"), contract_form(world, territory_mode="epci", epci=epci.pk)
    )
    territory = Contract.objects.get(title="CLS de Quiberon").territory
    assert (territory.name, territory.communes.count()) == ("CC de Test", 3)


def test_unknown_commune_codes_are_listed_and_input_kept(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("contract_create"), contract_form(world, communes="99999, 00000")
    )
    assert response.status_code == 200
    assert "Codes INSEE inconnus : 99999, 00000." in response.text
    assert 'value="CLS de Quiberon"' in response.text
    assert not Contract.objects.filter(title="CLS de Quiberon").exists()


def test_end_before_start_is_refused_in_french(client, world):
    client.force_login(world.agent)
    response = client.post(reverse("contract_create"), contract_form(world, ends_on="2025-01-01"))
    assert "La date de fin précède la date de début." in response.text


def test_agent_cannot_create_a_contract_for_another_ars(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("contract_create"), contract_form(world, ars=world.other_contract.ars.pk)
    )
    assert response.status_code == 200
    assert not Contract.objects.filter(title="CLS de Quiberon").exists()


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader"])
def test_other_roles_cannot_create_contracts(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("contract_create")).status_code == 403


def test_agent_edits_the_contract_and_keeps_its_territory(client, world):
    client.force_login(world.agent)
    territory = world.contract.territory
    data = contract_form(world, title="CLS de Belle-Île (révisé)", territory_mode="")
    response = client.post(reverse("contract_edit", args=[world.contract.pk]), data)
    world.contract.refresh_from_db()
    assert response.status_code == 302
    assert (world.contract.title, world.contract.territory) == (
        "CLS de Belle-Île (révisé)",
        territory,
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 403), ("reader", 403), ("other_agent", 404)]
)
def test_only_the_regions_agents_edit(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("contract_edit", args=[world.contract.pk])).status_code == status


def test_transition_asks_for_confirmation_then_moves(client, world):
    client.force_login(world.agent)
    url = reverse("contract_transition", args=[world.contract.pk, "evaluation"])
    assert "Je confirme" in client.get(url).text
    assert client.post(url, {}).status_code == 200  # not confirmed: nothing happens
    world.contract.refresh_from_db()
    assert world.contract.status == ContractStatus.IMPLEMENTATION
    client.post(url, {"confirm": "on"})
    world.contract.refresh_from_db()
    assert world.contract.status == ContractStatus.EVALUATION


def test_signature_blockers_are_explained(client, world):
    world.contract.status = ContractStatus.ELABORATION
    world.contract.save()
    client.force_login(world.agent)
    response = client.get(reverse("contract_transition", args=[world.contract.pk, "signed"]))
    assert "L'ARS doit figurer parmi les signataires" in html.unescape(response.text)
    client.post(
        reverse("contract_transition", args=[world.contract.pk, "signed"]), {"confirm": "on"}
    )
    world.contract.refresh_from_db()
    assert world.contract.status == ContractStatus.ELABORATION


def test_renewal_creates_the_next_generation(client, world):
    world.contract.status = ContractStatus.EVALUATION
    world.contract.save()
    client.force_login(world.agent)
    response = client.post(reverse("contract_renew", args=[world.contract.pk]), {"title": "CLS 2"})
    successor = Contract.objects.get(title="CLS 2")
    assert response.url == successor.get_absolute_url()
    assert successor.generation == world.contract.generation + 1


def test_agent_adds_a_new_organisation_as_partner(client, world):
    client.force_login(world.agent)
    client.post(
        reverse("signatory_add", args=[world.contract.pk]),
        {
            "new_organisation_name": "CPAM du Morbihan",
            "new_organisation_kind": OrganisationKind.CPAM,
            "role": SignatoryRole.PARTNER,
            "person_name": "Jeanne Martin",
            "person_title": "Directrice",
        },
    )
    signatory = world.contract.signatories.get(organisation__name="CPAM du Morbihan")
    assert (signatory.role, str(signatory.person)) == (SignatoryRole.PARTNER, "Jeanne Martin")


def test_duplicate_signatory_is_refused_in_french(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("signatory_add", args=[world.contract.pk]),
        {"organisation": world.collectivite.pk, "role": SignatoryRole.SIGNATORY},
    )
    assert "figure déjà à ce titre" in response.text


def test_new_coordinator_keeps_the_previous_one_in_history(client, world):
    client.force_login(world.agent)
    client.post(
        reverse("coordinator_assign", args=[world.contract.pk]),
        {"first_name": "Léa", "last_name": "Durand", "started_on": "2026-09-01", "fte": "0,8"},
    )
    assignments = world.contract.coordinator_assignments.order_by("started_on")
    assert [a.ended_on for a in assignments] == [datetime.date(2026, 8, 31), None]
    assert str(assignments.last().person) == "Léa Durand"


def test_amendments_are_numbered_in_order(client, world):
    client.force_login(world.agent)
    for subject in ("Prolongation", "Révision à mi-parcours"):
        client.post(
            reverse("amendment_add", args=[world.contract.pk]),
            {"signed_on": "2026-03-01", "subject": subject},
        )
    assert list(world.contract.amendments.values_list("number", "subject")) == [
        (1, "Prolongation"),
        (2, "Révision à mi-parcours"),
    ]


def test_axis_number_already_used_is_refused(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("axis_add", args=[world.contract.pk]), {"number": 1, "title": "Doublon"}
    )
    assert "Un axe porte déjà ce numéro dans ce contrat." in response.text


def test_objective_tree_rules_are_explained(client, world):
    client.force_login(world.agent)
    response = client.post(
        reverse("objective_add", args=[world.contract.pk]),
        {"axis": world.axis.pk, "level": "specific", "title": "Sans parent"},
    )
    assert "Seul un objectif général est sans parent" in response.text


def pdf_upload(name="contrat.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def docx_upload():
    return SimpleUploadedFile("note.docx", docx_bytes())


@pytest.mark.parametrize("upload", [pdf_upload, docx_upload])
def test_coordinator_uploads_a_document_and_readers_download_it(client, world, upload):
    client.force_login(world.coordinator)
    client.post(
        reverse("document_add", args=[world.contract.pk]),
        {"title": "Contrat signé", "kind": "contract", "file": upload()},
    )
    document = Document.objects.get()
    client.force_login(world.reader)
    response = client.get(reverse("document_download", args=[world.contract.pk, document.pk]))
    assert response.status_code == 200
    client.force_login(world.other_agent)
    assert (
        client.get(reverse("document_download", args=[world.contract.pk, document.pk])).status_code
        == 404
    )


def test_document_is_judged_by_its_content_not_its_name(client, world):
    client.force_login(world.coordinator)
    fake = SimpleUploadedFile(
        "contrat.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(
        reverse("document_add", args=[world.contract.pk]),
        {"title": "x", "kind": "other", "file": fake},
    )
    assert "n'est pas d'un format accepté" in html.unescape(response.text)
    assert not Document.objects.exists()


def test_oversized_document_is_refused(client, world, settings):
    settings.DOCUMENT_MAX_SIZE = 10
    client.force_login(world.coordinator)
    response = client.post(
        reverse("document_add", args=[world.contract.pk]),
        {"title": "x", "kind": "other", "file": pdf_upload()},
    )
    assert "dépasse la taille maximale" in response.text


def test_reader_cannot_upload(client, world):
    client.force_login(world.reader)
    assert client.get(reverse("document_add", args=[world.contract.pk])).status_code == 403


def test_partner_signatory_appears_on_the_summary(client, world):
    SignatoryFactory(
        contract=world.contract,
        organisation=OrganisationFactory(name="MSA Portes de Bretagne"),
        role=SignatoryRole.PARTNER,
    )
    client.force_login(world.reader)
    assert "MSA Portes de Bretagne" in client.get(world.contract.get_absolute_url()).text
