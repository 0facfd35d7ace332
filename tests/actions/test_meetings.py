"""Recording meetings of the governance bodies: who may, and what is kept."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from contracts.enums import BodyKind, DocumentKind
from contracts.models import GovernanceBody, Meeting
from contracts.services import document_upload
from tests.actions.factories import ActionFactory
from tests.actors.factories import PersonFactory
from tests.contracts.factories import GovernanceBodyFactory, MeetingFactory, SignatoryFactory
from tests.documents import pdf_bytes

PDF = pdf_bytes()


def create_url(contract):
    return reverse("meeting_create", args=[contract.pk])


def test_coordinator_records_a_copil_with_a_new_body(client, world):
    other_action = ActionFactory(axis=world.axis, number="1.2")
    signatory = SignatoryFactory(contract=world.contract, person=PersonFactory())
    client.force_login(world.coordinator)
    page = client.get(create_url(world.contract))
    assert page.status_code == 200
    assert escape(world.lead_action.title) in page.text

    response = client.post(
        create_url(world.contract),
        {
            "new_body_kind": BodyKind.COPIL,
            "new_body_name": "Comité de pilotage du CLS",
            "held_on": "2026-03-12",
            "title": "Bilan annuel",
            "location": "Le Palais",
            "agenda": "Bilan 2025 ; programmation 2026",
            "decisions": "Relancer l'action 1.1.",
            "attendees": [signatory.person.pk],
            "new_attendees": "Yann Le Gall\nMarie Tanguy",
            "attending_organisations": [world.collectivite.pk, world.contract.ars.pk],
            "reviewed_actions": [world.lead_action.pk, other_action.pk],
            "minutes_file": SimpleUploadedFile("cr.pdf", PDF, "application/pdf"),
        },
    )

    meeting = Meeting.objects.get(contract=world.contract)
    assert response.status_code == 302
    assert response.url == reverse("meeting_detail", args=[world.contract.pk, meeting.pk])
    assert meeting.body.kind == BodyKind.COPIL
    assert meeting.held_on == datetime.date(2026, 3, 12)
    assert {str(p) for p in meeting.attendees.all()} == {
        str(signatory.person),
        "Yann Le Gall",
        "Marie Tanguy",
    }
    assert set(meeting.attending_organisations.all()) == {world.collectivite, world.contract.ars}
    assert set(meeting.reviewed_actions.all()) == {world.lead_action, other_action}
    assert meeting.minutes.kind == DocumentKind.MINUTES
    detail = client.get(response.url).text
    assert "Relancer l&#x27;action 1.1." in detail
    assert "Yann Le Gall" in detail
    governance = client.get(reverse("contract_governance", args=[world.contract.pk])).text
    assert create_url(world.contract) in governance


def test_meeting_of_an_existing_body(client, world):
    body = GovernanceBodyFactory(contract=world.contract, kind=BodyKind.COTECH)
    client.force_login(world.agent)
    response = client.post(create_url(world.contract), {"body": body.pk, "held_on": "2026-01-20"})
    assert response.status_code == 302
    assert Meeting.objects.get().body == body
    assert GovernanceBody.objects.count() == 1


def test_a_meeting_needs_a_body(client, world):
    client.force_login(world.coordinator)
    response = client.post(create_url(world.contract), {"held_on": "2026-01-20"})
    assert response.status_code == 200
    assert "Choisissez une instance" in response.text
    assert not Meeting.objects.exists()


def test_bodies_of_another_contract_are_not_offered(client, world):
    foreign = GovernanceBodyFactory(contract=world.other_contract)
    client.force_login(world.coordinator)
    response = client.post(
        create_url(world.contract), {"body": foreign.pk, "held_on": "2026-01-20"}
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_lead_and_reader_may_not_record_meetings(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(create_url(world.contract)).status_code == 403
    assert (
        "meetings/new"
        not in client.get(reverse("contract_governance", args=[world.contract.pk])).text
    )


def test_coordinator_of_another_contract_gets_a_404(client, world, other_coordinator):
    meeting = MeetingFactory(body__contract=world.contract)
    client.force_login(other_coordinator)
    assert client.get(create_url(world.contract)).status_code == 404
    assert (
        client.get(reverse("meeting_detail", args=[world.contract.pk, meeting.pk])).status_code
        == 404
    )


def test_reader_sees_a_meeting_without_its_confidential_reviewed_actions(client, world):
    secret = ActionFactory(
        axis=world.axis, number="1.9", title="Action sensible", is_confidential=True
    )
    meeting = MeetingFactory(body__contract=world.contract)
    meeting.reviewed_actions.set([secret, world.lead_action])
    url = reverse("meeting_detail", args=[world.contract.pk, meeting.pk])
    client.force_login(world.reader)
    text = client.get(url).text
    assert escape(world.lead_action.title) in text
    assert "Action sensible" not in text
    client.force_login(world.coordinator)
    assert "Action sensible" in client.get(url).text


# --- Correcting and deleting a meeting ---------------------------------------------------------


def meeting_url(name, meeting):
    return reverse(name, args=[meeting.contract_id, meeting.pk])


@pytest.fixture
def recorded(world):
    """A COPIL with its minutes, one attendee and one reviewed action."""
    meeting = MeetingFactory(body__contract=world.contract, body__kind=BodyKind.COPIL)
    attendee = PersonFactory()
    meeting.attendees.set([attendee])
    meeting.reviewed_actions.set([world.lead_action])
    meeting.minutes = document_upload(
        contract=world.contract,
        title="Compte rendu initial",
        kind=DocumentKind.MINUTES,
        file=SimpleUploadedFile("cr.pdf", PDF, "application/pdf"),
        by=world.coordinator,
    )
    meeting.save()
    return meeting


def test_coordinator_corrects_a_meeting_from_its_page(client, world, recorded):
    other_action = ActionFactory(axis=world.axis, number="1.2")
    client.force_login(world.coordinator)
    detail = client.get(meeting_url("meeting_detail", recorded)).text
    assert meeting_url("meeting_edit", recorded) in detail
    form = client.get(meeting_url("meeting_edit", recorded))
    assert form.status_code == 200
    assert "Compte rendu initial" in form.text  # the help text says what a new file replaces

    response = client.post(
        meeting_url("meeting_edit", recorded),
        {
            "body": recorded.body_id,
            "held_on": "2025-06-19",
            "title": "Bilan à mi-parcours",
            "decisions": "Reporter l'action 1.2.",
            "attendees": [],
            "new_attendees": "Anne Le Bihan",
            "reviewed_actions": [other_action.pk],
            "minutes_file": SimpleUploadedFile("cr2.pdf", PDF, "application/pdf"),
        },
    )

    assert response.status_code == 302
    assert response.url == meeting_url("meeting_detail", recorded)
    recorded.refresh_from_db()
    assert recorded.held_on == datetime.date(2025, 6, 19)
    assert recorded.decisions == "Reporter l'action 1.2."
    assert [str(person) for person in recorded.attendees.all()] == ["Anne Le Bihan"]
    assert list(recorded.reviewed_actions.all()) == [other_action]
    assert recorded.minutes.title != "Compte rendu initial"
    titles = set(world.contract.documents.values_list("title", flat=True))
    assert "Compte rendu initial" in titles  # the former minutes stay with the contract


def test_a_correction_with_errors_keeps_what_was_typed(client, world, recorded):
    client.force_login(world.coordinator)
    response = client.post(
        meeting_url("meeting_edit", recorded),
        {"held_on": "pas une date", "decisions": "Texte à ne pas perdre"},
    )
    assert response.status_code == 200
    assert "Texte à ne pas perdre" in response.text
    recorded.refresh_from_db()
    assert recorded.held_on == datetime.date(2025, 6, 12)


def test_deleting_a_meeting_asks_first_and_keeps_its_minutes(client, world, recorded):
    client.force_login(world.agent)
    confirmation = client.get(meeting_url("meeting_delete", recorded))
    assert confirmation.status_code == 200
    assert "ne peut pas être annulée" in confirmation.text
    assert "Compte rendu initial" in confirmation.text
    assert Meeting.objects.filter(pk=recorded.pk).exists()

    response = client.post(meeting_url("meeting_delete", recorded))

    assert response.status_code == 302
    assert response.url == reverse("contract_governance", args=[world.contract.pk])
    assert not Meeting.objects.filter(pk=recorded.pk).exists()
    assert world.contract.documents.filter(title="Compte rendu initial").exists()


def test_a_meeting_without_minutes_is_corrected_and_deleted_too(client, world):
    meeting = MeetingFactory(body__contract=world.contract)
    client.force_login(world.coordinator)
    assert client.get(meeting_url("meeting_edit", meeting)).status_code == 200
    confirmation = client.get(meeting_url("meeting_delete", meeting))
    assert confirmation.status_code == 200
    assert "Compte rendu" not in confirmation.text
    assert client.post(meeting_url("meeting_delete", meeting)).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_lead_and_reader_may_neither_correct_nor_delete_meetings(client, world, recorded, persona):
    client.force_login(getattr(world, persona))
    assert "/edit/" not in client.get(meeting_url("meeting_detail", recorded)).text
    assert client.get(meeting_url("meeting_edit", recorded)).status_code == 403
    assert client.post(meeting_url("meeting_delete", recorded)).status_code == 403
    assert Meeting.objects.filter(pk=recorded.pk).exists()


def test_coordinator_of_another_contract_cannot_reach_its_meetings(
    client, world, recorded, other_coordinator
):
    client.force_login(other_coordinator)
    assert client.get(meeting_url("meeting_edit", recorded)).status_code == 404
    assert client.post(meeting_url("meeting_delete", recorded)).status_code == 404
    assert Meeting.objects.filter(pk=recorded.pk).exists()
