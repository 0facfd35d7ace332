"""Action sheets, follow-up notes and meetings through the API, persona by persona."""

import pytest

from actions.enums import ActionStatus
from actions.models import Action, ActionUpdate
from actors.enums import TokenScope
from contracts.models import Meeting, Tombstone
from tests.actions.factories import ActionFactory
from tests.api.conftest import client_for, ids
from tests.contracts.factories import GovernanceBodyFactory, MeetingFactory


@pytest.fixture
def confidential(world):
    return ActionFactory(axis=world.axis, number="1.9", is_confidential=True)


def test_everyone_who_sees_the_contract_lists_its_public_actions(world, confidential):
    for user in (world.admin, world.agent, world.coordinator, world.lead, world.reader):
        assert world.lead_action.pk in ids(client_for(user).get("/api/v1/actions/"))


def test_confidential_action_is_hidden_from_readers_and_leads_of_other_actions(world, confidential):
    for user in (world.reader, world.lead):
        assert confidential.pk not in ids(client_for(user).get("/api/v1/actions/"))
        response = client_for(user).get(f"/api/v1/actions/{confidential.pk}/")
        assert response.status_code == 404


def test_confidential_action_is_shown_to_ars_and_coordination(world, confidential):
    for user in (world.admin, world.agent, world.coordinator):
        assert confidential.pk in ids(client_for(user).get("/api/v1/actions/"))


def test_agent_of_another_region_sees_no_action_of_the_contract(world):
    client = client_for(world.other_agent)
    assert ids(client.get("/api/v1/actions/")) == []
    assert client.get(f"/api/v1/actions/{world.lead_action.pk}/").status_code == 404


def test_anonymous_caller_is_asked_to_authenticate(world, api):
    response = api.get(f"/api/v1/actions/{world.lead_action.pk}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_lead_updates_their_action_and_its_version_grows(world):
    client = client_for(world.lead)
    before = client.get(f"/api/v1/actions/{world.lead_action.pk}/")
    response = client.patch(
        f"/api/v1/actions/{world.lead_action.pk}/",
        {"title": "Navette vers les consultations", "status": ActionStatus.DONE},
        format="json",
        HTTP_IF_MATCH=before["ETag"],
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response["ETag"] != before["ETag"]
    world.lead_action.refresh_from_db()
    assert world.lead_action.title == "Navette vers les consultations"
    assert world.lead_action.status == ActionStatus.DONE


def test_stale_if_match_answers_412_and_changes_nothing(world):
    client = client_for(world.coordinator)
    url = f"/api/v1/actions/{world.lead_action.pk}/"
    stale = client.get(url)["ETag"]
    client.patch(url, {"title": "Première modification"}, format="json")
    response = client.patch(
        url, {"title": "Seconde modification"}, format="json", HTTP_IF_MATCH=stale
    )
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    world.lead_action.refresh_from_db()
    assert world.lead_action.title == "Première modification"


def test_stale_version_answers_412_naming_what_changed(world):
    client = client_for(world.coordinator)
    url = f"/api/v1/actions/{world.lead_action.pk}/"
    client.patch(url, {"title": "Première modification"}, format="json")
    response = client.patch(url, {"title": "Autre", "version": 1}, format="json")
    assert response.status_code == 412
    assert "Intitulé" in response.json()["message"]


def test_reader_cannot_update_an_action(world):
    response = client_for(world.reader).patch(
        f"/api/v1/actions/{world.lead_action.pk}/", {"title": "Non"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_read_only_token_of_the_coordinator_cannot_update_an_action(world):
    client = client_for(world.coordinator, scopes=[TokenScope.READ])
    response = client.patch(
        f"/api/v1/actions/{world.lead_action.pk}/", {"title": "Non"}, format="json"
    )
    assert response.status_code == 403
    assert "actions:write" in response.json()["message"]


def test_coordinator_creates_an_action(world):
    response = client_for(world.coordinator).post(
        "/api/v1/actions/",
        {
            "contract": world.contract.pk,
            "axis": world.axis.pk,
            "number": "1.5",
            "title": "Ateliers nutrition au collège",
            "themes": ["prevention"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get(pk=response.json()["id"])
    assert action.contract == world.contract
    assert list(action.themes.values_list("code", flat=True)) == ["prevention"]


def test_creating_an_action_with_a_taken_number_is_refused_field_by_field(world):
    response = client_for(world.coordinator).post(
        "/api/v1/actions/",
        {"contract": world.contract.pk, "axis": world.axis.pk, "number": "1.1", "title": "Bis"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["details"]


def test_lead_cannot_create_an_action(world):
    response = client_for(world.lead).post(
        "/api/v1/actions/",
        {"contract": world.contract.pk, "axis": world.axis.pk, "number": "1.5", "title": "X"},
        format="json",
    )
    assert response.status_code == 403


def test_agent_of_another_region_cannot_create_an_action_in_the_contract(world):
    response = client_for(world.other_agent).post(
        "/api/v1/actions/",
        {"contract": world.contract.pk, "axis": world.axis.pk, "number": "1.5", "title": "X"},
        format="json",
    )
    assert response.status_code == 400
    assert "contract" in response.json()["details"]


def test_lead_adds_a_note_that_changes_the_status(world):
    response = client_for(world.lead).post(
        "/api/v1/action-notes/",
        {"action": world.lead_action.pk, "text": "Première navette partie.", "new_status": "done"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert ActionUpdate.objects.filter(action=world.lead_action).count() == 1
    world.lead_action.refresh_from_db()
    assert world.lead_action.status == ActionStatus.DONE


def test_reader_cannot_add_a_note(world):
    response = client_for(world.reader).post(
        "/api/v1/action-notes/",
        {"action": world.lead_action.pk, "text": "Non."},
        format="json",
    )
    assert response.status_code == 403


def test_notes_of_a_confidential_action_are_hidden_from_readers(world, confidential):
    client_for(world.coordinator).post(
        "/api/v1/action-notes/", {"action": confidential.pk, "text": "Sensible."}, format="json"
    )
    assert ids(client_for(world.reader).get("/api/v1/action-notes/")) == []
    assert len(ids(client_for(world.agent).get("/api/v1/action-notes/"))) == 1


def test_coordinator_records_corrects_and_deletes_a_meeting(world):
    body = GovernanceBodyFactory(contract=world.contract)
    client = client_for(world.coordinator)
    created = client.post(
        "/api/v1/meetings/",
        {
            "contract": world.contract.pk,
            "body": body.pk,
            "held_on": "2025-06-12",
            "reviewed_actions": [world.lead_action.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/meetings/{created.json()['id']}/"
    corrected = client.patch(
        url, {"decisions": "Poursuivre."}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["decisions"] == "Poursuivre."
    assert client.delete(url, HTTP_IF_MATCH=corrected["ETag"]).status_code == 204
    assert not Meeting.objects.exists()
    deletions = client.get("/api/v1/deletions/").json()["results"]
    assert [(d["resource"], d["object_id"]) for d in deletions] == [
        ("meetings", str(created.json()["id"]))
    ]


def test_lead_cannot_record_a_meeting(world):
    body = GovernanceBodyFactory(contract=world.contract)
    response = client_for(world.lead).post(
        "/api/v1/meetings/",
        {"contract": world.contract.pk, "body": body.pk, "held_on": "2025-06-12"},
        format="json",
    )
    assert response.status_code == 403


def test_meeting_body_of_another_contract_is_refused(world):
    body = GovernanceBodyFactory(contract=world.other_contract)
    response = client_for(world.admin).post(
        "/api/v1/meetings/",
        {"contract": world.contract.pk, "body": body.pk, "held_on": "2025-06-12"},
        format="json",
    )
    assert response.status_code == 400
    assert "body" in response.json()["details"]


def test_meeting_hides_the_confidential_actions_it_reviewed_from_readers(world, confidential):
    meeting = MeetingFactory(body=GovernanceBodyFactory(contract=world.contract))
    meeting.reviewed_actions.set([world.lead_action, confidential])
    url = f"/api/v1/meetings/{meeting.pk}/"
    assert client_for(world.reader).get(url).json()["reviewed_actions"] == [world.lead_action.pk]
    assert sorted(client_for(world.coordinator).get(url).json()["reviewed_actions"]) == sorted(
        [world.lead_action.pk, confidential.pk]
    )


def test_meetings_of_another_region_are_out_of_reach(world):
    meeting = MeetingFactory(body=GovernanceBodyFactory(contract=world.contract))
    client = client_for(world.other_agent)
    assert ids(client.get("/api/v1/meetings/")) == []
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert client.delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_deleted_confidential_action_leaves_a_tombstone_only_the_coordination_sees(
    world, confidential
):
    confidential.delete()
    tombstone = Tombstone.objects.get()
    assert tombstone.is_confidential
    assert client_for(world.reader).get("/api/v1/deletions/").json()["results"] == []
    assert len(client_for(world.coordinator).get("/api/v1/deletions/").json()["results"]) == 1
