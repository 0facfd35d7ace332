"""Correcting the plan's structure through the API: axes, objectives and signatories created,
corrected and removed by tokens with `plan:write` whose owner may do the same on the web pages
(ARS staff of the contract's région), through the same services and messages."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from actors.enums import TokenScope
from actors.models import ApiToken, Invitation
from contracts.enums import BodyKind, ObjectiveLevel, SignatoryRole
from contracts.models import Amendment, Axis, GovernanceBody, Objective, Signatory
from portfolio.history import contract_history
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.api.conftest import client_for
from tests.clock import TODAY
from tests.contracts.factories import (
    AmendmentFactory,
    AxisFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    ObjectiveFactory,
    SignatoryFactory,
)

PLAN = [TokenScope.READ, TokenScope.PLAN_WRITE]
ALLOWED = ["agent", "admin"]
# The coordination, a lead and a reader see the contract but may not change its plan; the ARS
# of another région does not see it.
REFUSED = [("coordinator", 403), ("lead", 403), ("reader", 403), ("other_agent", 404)]
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture
def spare_axis(world):
    """An axis without fiches actions, holding one general objective."""
    axis = AxisFactory(contract=world.contract, number=2, title="Santé mentale")
    ObjectiveFactory(axis=axis, number="2.1", title="Repérer la souffrance psychique")
    return axis


@pytest.fixture
def general(world):
    return ObjectiveFactory(axis=world.axis, number="1.1", title="Prévenir les chutes")


@pytest.fixture
def partner(world):
    """A partner that has not signed, represented by someone."""
    return SignatoryFactory(
        contract=world.contract,
        organisation=OrganisationFactory(name="Mutualité Française Bretagne"),
        role=SignatoryRole.PARTNER,
        signed_on=None,
        person=PersonFactory(first_name="Anne", last_name="Le Goff", job_title="Directrice"),
    )


@pytest.fixture
def amendment(world):
    return AmendmentFactory(contract=world.contract, number=1, subject="Révision à mi-parcours")


@pytest.fixture
def body(world):
    return GovernanceBodyFactory(contract=world.contract, name="Comité de pilotage")


def feed(world) -> set:
    rows = client_for(world.agent, [TokenScope.READ]).get("/api/v1/deletions/").json()["results"]
    return {(row["resource"], row["object_id"]) for row in rows}


def last_change(model, pk):
    return model.history.filter(id=pk).latest()


# --- Axes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_the_ars_adds_corrects_and_removes_an_axis(world, persona):
    user = getattr(world, persona)
    client = client_for(user, PLAN)
    created = client.post(
        "/api/v1/axes/",
        {"contract": world.contract.pk, "number": 3, "title": "Accès aux soins"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["order"] == 3
    corrected = client.patch(f"/api/v1/axes/{pk}/", {"title": "Accès aux droits"}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert (corrected.json()["title"], corrected.json()["number"]) == ("Accès aux droits", 3)
    change = last_change(Axis, pk)
    assert (change.history_type, change.history_user) == ("~", user)
    assert client.delete(f"/api/v1/axes/{pk}/").status_code == 204
    assert not Axis.objects.filter(pk=pk).exists()
    removal = last_change(Axis, pk)
    assert (removal.history_type, removal.history_user, removal.title) == (
        "-",
        user,
        "Accès aux droits",
    )
    assert ("axes", str(pk)) in feed(world)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_others_may_not_change_an_axis(world, spare_axis, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    url = f"/api/v1/axes/{spare_axis.pk}/"
    assert client.patch(url, {"title": "Autre"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    assert client.post(f"{url}move/", {"offset": -1}, format="json").status_code == status
    spare_axis.refresh_from_db()
    assert spare_axis.title == "Santé mentale"


@pytest.mark.parametrize(("persona", "status"), [*REFUSED[:3], ("other_agent", 400)])
def test_others_may_not_add_an_axis(world, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    body = {"contract": world.contract.pk, "number": 5, "title": "Environnement"}
    response = client.post("/api/v1/axes/", body, format="json")
    # The ARS of another région does not see the contract: it is not one to choose.
    assert response.status_code == status
    if status == 400:
        assert "contract" in response.json()["details"]
    assert not world.contract.axes.filter(number=5).exists()


@pytest.mark.parametrize(
    "scopes", [[TokenScope.READ], [s for s in TokenScope if s != "plan:write"]]
)
def test_a_token_without_plan_write_may_not_even_for_the_ars(world, spare_axis, scopes):
    client = client_for(world.agent, scopes)
    refused = [
        client.post("/api/v1/axes/", {"contract": world.contract.pk}, format="json"),
        client.patch(f"/api/v1/axes/{spare_axis.pk}/", {"title": "Autre"}, format="json"),
        client.delete(f"/api/v1/axes/{spare_axis.pk}/"),
        client.post(f"/api/v1/axes/{spare_axis.pk}/move/", {"offset": 1}, format="json"),
        client.post("/api/v1/axes/renumber/", {"contract": world.contract.pk}, format="json"),
        client.delete(f"/api/v1/objectives/{spare_axis.objectives.get().pk}/"),
        client.delete(f"/api/v1/signatories/{world.contract.signatories.get().pk}/"),
    ]
    assert {response.status_code for response in refused} == {403}
    assert refused[1].json()["message"] == (
        "Ce jeton n'a pas le droit « plan:write » nécessaire à cette opération."
    )
    assert Axis.objects.filter(pk=spare_axis.pk, title="Santé mentale").exists()


def test_anonymous_callers_are_refused(spare_axis):
    api = APIClient()
    assert api.patch(f"/api/v1/axes/{spare_axis.pk}/", {"title": "X"}).status_code in (401, 403)
    assert api.delete(f"/api/v1/axes/{spare_axis.pk}/").status_code in (401, 403)


def test_removing_an_axis_holding_fiches_actions_says_the_way_out(world):
    response = client_for(world.agent, PLAN).delete(f"/api/v1/axes/{world.axis.pk}/")
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": [
            "Cet axe contient 1 fiche action : déplacez-les ou supprimez-les d'abord."
        ]
    }
    assert Axis.objects.filter(pk=world.axis.pk).exists()


def test_an_axis_number_already_taken_is_refused(world, spare_axis):
    response = client_for(world.agent, PLAN).patch(
        f"/api/v1/axes/{spare_axis.pk}/", {"number": world.axis.number}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": ["Un axe porte déjà ce numéro dans ce contrat."]
    }


def test_removing_an_axis_removes_its_objectives_in_the_feed_too(world, spare_axis):
    objective = spare_axis.objectives.get()
    assert client_for(world.agent, PLAN).delete(f"/api/v1/axes/{spare_axis.pk}/").status_code == 204
    assert {("axes", str(spare_axis.pk)), ("objectives", str(objective.pk))} <= feed(world)


def test_axes_are_reordered_then_renumbered(world, spare_axis):
    client = client_for(world.agent, PLAN)
    moved = client.post(f"/api/v1/axes/{spare_axis.pk}/move/", {"offset": -1}, format="json")
    assert moved.status_code == 200, moved.content
    assert (moved.json()["order"], moved.json()["number"]) == (1, 2)
    renumbered = client.post(
        "/api/v1/axes/renumber/", {"contract": world.contract.pk}, format="json"
    )
    assert renumbered.status_code == 200, renumbered.content
    assert [(row["id"], row["number"]) for row in renumbered.json()] == [
        (spare_axis.pk, 1),
        (world.axis.pk, 2),
    ]


def test_renumbering_the_axes_of_a_contract_out_of_reach(world):
    client = client_for(world.coordinator, PLAN)
    body = {"contract": world.contract.pk}
    assert client.post("/api/v1/axes/renumber/", body, format="json").status_code == 403
    body = {"contract": world.other_contract.pk}
    assert client.post("/api/v1/axes/renumber/", body, format="json").status_code == 400


# --- Objectives -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_the_ars_adds_moves_and_removes_an_objective(
    world, general, spare_axis, persona
):
    user = getattr(world, persona)
    client = client_for(user, PLAN)
    created = client.post(
        "/api/v1/objectives/",
        {
            "axis": world.axis.pk,
            "level": ObjectiveLevel.SPECIFIC,
            "parent": general.pk,
            "number": "1.1.1",
            "title": "Adapter les logements",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    other_general = spare_axis.objectives.get()
    moved = client.patch(
        f"/api/v1/objectives/{pk}/",
        {"axis": spare_axis.pk, "parent": other_general.pk, "number": "2.1.1"},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert (moved.json()["axis"], moved.json()["parent"]) == (spare_axis.pk, other_general.pk)
    assert moved.json()["title"] == "Adapter les logements"
    assert last_change(Objective, pk).history_user == user
    assert client.delete(f"/api/v1/objectives/{pk}/").status_code == 204
    assert last_change(Objective, pk).history_type == "-"
    assert ("objectives", str(pk)) in feed(world)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_others_may_not_change_an_objective(world, general, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    url = f"/api/v1/objectives/{general.pk}/"
    assert client.patch(url, {"title": "Autre"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    assert Objective.objects.filter(pk=general.pk, title="Prévenir les chutes").exists()


def test_an_objective_out_of_place_is_refused_on_its_field(world, general):
    response = client_for(world.agent, PLAN).post(
        "/api/v1/objectives/",
        {
            "axis": world.axis.pk,
            "level": ObjectiveLevel.OPERATIONAL,
            "parent": general.pk,
            "title": "Former les aides à domicile",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "parent": ["Le parent doit être un objectif de niveau immédiatement supérieur."]
    }


def test_an_objective_of_another_contract_is_no_parent(world, general):
    elsewhere = ObjectiveFactory(axis=AxisFactory(contract=world.other_contract))
    response = client_for(world.admin, PLAN).patch(
        f"/api/v1/objectives/{general.pk}/",
        {"level": ObjectiveLevel.SPECIFIC, "parent": elsewhere.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "parent" in response.json()["details"]


def test_an_objective_with_others_under_it_keeps_its_level_and_stays(world, general):
    ObjectiveFactory(axis=world.axis, level=ObjectiveLevel.SPECIFIC, parent=general)
    client = client_for(world.agent, PLAN)
    url = f"/api/v1/objectives/{general.pk}/"
    changed = client.patch(url, {"level": ObjectiveLevel.SPECIFIC}, format="json")
    assert changed.status_code == 400
    assert changed.json()["details"] == {
        "level": [
            "Cet objectif a 1 objectif rattaché : son niveau ne peut changer tant qu'ils y "
            "sont rattachés."
        ]
    }
    removed = client.delete(url)
    assert removed.status_code == 400
    assert removed.json()["details"] == {
        "non_field_errors": [
            "Cet objectif a 1 objectif rattaché : rattachez-les à un autre objectif ou "
            "supprimez-les d'abord."
        ]
    }
    assert Objective.objects.filter(pk=general.pk).exists()


def test_an_objective_changes_axis_alone(world, general, spare_axis):
    child = ObjectiveFactory(axis=world.axis, level=ObjectiveLevel.SPECIFIC, parent=general)
    client = client_for(world.agent, PLAN)
    response = client.patch(
        f"/api/v1/objectives/{general.pk}/", {"axis": spare_axis.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "axis": [
            "Cet objectif a 1 objectif rattaché dans son axe : rattachez-les à un autre "
            "objectif ou supprimez-les d'abord."
        ]
    }
    child.delete()
    world.lead_action.objectives.set([general])
    response = client.patch(
        f"/api/v1/objectives/{general.pk}/", {"axis": spare_axis.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "axis": [
            "Cet objectif est celui de 1 fiche action de son axe : retirez-le d'abord de leurs "
            "objectifs."
        ]
    }
    world.lead_action.objectives.clear()
    moved = client.patch(
        f"/api/v1/objectives/{general.pk}/", {"axis": spare_axis.pk}, format="json"
    )
    assert moved.json()["axis"] == spare_axis.pk


# --- Signatories ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_the_ars_adds_corrects_and_removes_a_signatory(world, persona):
    user = getattr(world, persona)
    client = client_for(user, PLAN)
    organisation = OrganisationFactory(name="CPAM du Morbihan")
    created = client.post(
        "/api/v1/signatories/",
        {
            "contract": world.contract.pk,
            "organisation": organisation.pk,
            "role": SignatoryRole.SIGNATORY,
            "person_name": "Jean Martin",
            "person_title": "Directeur",
            "deliberation_on": "2023-12-14",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["person_name"], body["person_title"], body["signed_on"]) == (
        "Jean Martin",
        "Directeur",
        None,
    )
    url = f"/api/v1/signatories/{body['id']}/"
    corrected = client.patch(url, {"signed_on": "2024-01-15"}, format="json")
    assert corrected.status_code == 200, corrected.content
    # What the correction leaves out keeps its value, the representative included.
    assert corrected.json()["person_name"] == "Jean Martin"
    assert corrected.json()["deliberation_on"] == "2023-12-14"
    change = last_change(Signatory, body["id"])
    assert (change.history_type, change.history_user) == ("~", user)
    refused = client.delete(url)
    assert refused.status_code == 400
    assert refused.json()["details"]["non_field_errors"] == [
        "« CPAM du Morbihan » a signé le contrat le 15/01/2024 : effacez d'abord sa date de "
        "signature si elle a été saisie par erreur, puis retirez-la."
    ]
    assert client.patch(url, {"signed_on": None}, format="json").status_code == 200
    assert client.delete(url).status_code == 204
    assert last_change(Signatory, body["id"]).history_type == "-"
    assert ("signatories", str(body["id"])) in feed(world)
    # The contract changed with its signatories: tools syncing by `updated_since` read it again.
    world.contract.refresh_from_db()
    assert world.contract.updated_at >= timezone.now() - datetime.timedelta(minutes=1)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_others_may_not_change_a_signatory(world, partner, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    url = f"/api/v1/signatories/{partner.pk}/"
    assert client.patch(url, {"deliberation_on": "2024-01-02"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    body = {"contract": world.contract.pk, "organisation": OrganisationFactory().pk}
    added = client.post("/api/v1/signatories/", body, format="json")
    assert added.status_code == (403 if status == 403 else 400)
    assert world.contract.signatories.count() == 2


def test_a_signature_in_the_future_is_refused_on_its_field(world, partner):
    response = client_for(world.agent, PLAN).patch(
        f"/api/v1/signatories/{partner.pk}/", {"signed_on": TOMORROW.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "signed_on": [f"Cette date est postérieure à aujourd'hui ({TODAY:%d/%m/%Y})."]
    }


def test_the_representative_is_cleared_only_when_sent_blank(world, partner):
    client = client_for(world.agent, PLAN)
    url = f"/api/v1/signatories/{partner.pk}/"
    kept = client.patch(url, {"person_title": "Présidente"}, format="json").json()
    assert (kept["person_name"], kept["person_title"]) == ("Anne Le Goff", "Présidente")
    cleared = client.patch(url, {"person_name": ""}, format="json").json()
    assert (cleared["person_name"], cleared["person_title"]) == ("", "")


def test_a_representative_named_with_an_address_is_invited(
    world, django_capture_on_commit_callbacks
):
    body = {
        "contract": world.contract.pk,
        "organisation": OrganisationFactory(name="Commune du Palais").pk,
        "person_name": "Jeanne Martin",
        "person_email": "JM@exemple.fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.agent, PLAN).post("/api/v1/signatories/", body, format="json")
    assert response.status_code == 201, response.content
    invitation = Invitation.objects.get(user__email="jm@exemple.fr")
    assert invitation.invited_by == world.agent
    assert [m.subject for m in mail.outbox if m.to == ["jm@exemple.fr"]]


def test_an_organisation_twice_in_the_same_role_is_refused(world):
    response = client_for(world.agent, PLAN).post(
        "/api/v1/signatories/",
        {"contract": world.contract.pk, "organisation": world.collectivite.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": ["Cette organisation figure déjà à ce titre dans le contrat."]
    }


def test_signatories_are_read_with_their_id_and_by_contract(world, partner):
    client = client_for(world.reader, [TokenScope.READ])
    contract = client.get(f"/api/v1/contracts/{world.contract.pk}/").json()
    listed = client.get("/api/v1/signatories/", {"contract": world.contract.pk}).json()
    assert [(row["id"], row["organisation"]) for row in contract["signatories"]] == [
        (row["id"], row["organisation"]) for row in listed["results"]
    ]
    assert client.get(f"/api/v1/signatories/{partner.pk}/").json()["person_name"] == "Anne Le Goff"
    outsider = client_for(world.other_agent, [TokenScope.READ])
    assert outsider.get(f"/api/v1/signatories/{partner.pk}/").status_code == 404


# --- Amendments -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALLOWED)
def test_a_plan_token_of_the_ars_records_corrects_and_removes_an_amendment(
    world, amendment, persona
):
    user = getattr(world, persona)
    client = client_for(user, PLAN)
    created = client.post(
        "/api/v1/amendments/",
        {"contract": world.contract.pk, "signed_on": "2026-06-30", "subject": "Nouvel axe"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == 2
    url = f"/api/v1/amendments/{body['id']}/"
    corrected = client.patch(url, {"subject": "Un axe sur la santé mentale"}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert (corrected.json()["subject"], corrected.json()["signed_on"]) == (
        "Un axe sur la santé mentale",
        "2026-06-30",
    )
    assert last_change(Amendment, body["id"]).history_user == user
    assert client.delete(url).status_code == 204
    assert last_change(Amendment, body["id"]).history_type == "-"
    assert ("amendments", str(body["id"])) in feed(world)


@pytest.mark.parametrize(("persona", "status"), REFUSED)
def test_others_may_not_change_an_amendment(world, amendment, persona, status):
    client = client_for(getattr(world, persona), PLAN)
    url = f"/api/v1/amendments/{amendment.pk}/"
    assert client.patch(url, {"subject": "Autre"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    body = {"contract": world.contract.pk, "signed_on": "2026-06-30", "subject": "Autre"}
    added = client.post("/api/v1/amendments/", body, format="json")
    assert added.status_code == (403 if status == 403 else 400)
    assert list(world.contract.amendments.values_list("subject", flat=True)) == [
        "Révision à mi-parcours"
    ]


def test_an_amendment_signed_in_the_future_is_refused_on_its_field(world, amendment):
    response = client_for(world.agent, PLAN).patch(
        f"/api/v1/amendments/{amendment.pk}/", {"signed_on": TOMORROW.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "signed_on": [f"Cette date est postérieure à aujourd'hui ({TODAY:%d/%m/%Y})."]
    }


def test_amendments_are_read_by_those_who_see_the_contract(world, amendment):
    reader = client_for(world.reader, [TokenScope.READ])
    listed = reader.get("/api/v1/amendments/", {"contract": world.contract.pk}).json()
    assert [row["id"] for row in listed["results"]] == [amendment.pk]
    outsider = client_for(world.other_agent, [TokenScope.READ])
    assert outsider.get(f"/api/v1/amendments/{amendment.pk}/").status_code == 404
    assert outsider.get("/api/v1/amendments/").json()["count"] == 0


# --- Governance bodies (with meetings: `actions:write`, ARS and coordination) -----------------

MEETINGS = [TokenScope.READ, TokenScope.ACTIONS_WRITE]


@pytest.mark.parametrize("persona", ["agent", "coordinator", "admin"])
def test_those_who_record_meetings_create_correct_and_remove_a_body(world, persona):
    user = getattr(world, persona)
    client = client_for(user, MEETINGS)
    created = client.post(
        "/api/v1/governance-bodies/",
        {"contract": world.contract.pk, "kind": BodyKind.COTECH, "name": "Comité technique"},
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/governance-bodies/{created.json()['id']}/"
    corrected = client.patch(url, {"description": "Les partenaires opérationnels"}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["name"] == "Comité technique"
    pk = created.json()["id"]
    assert last_change(GovernanceBody, pk).history_user == user
    assert client.delete(url).status_code == 204
    assert last_change(GovernanceBody, pk).history_type == "-"
    assert ("governance-bodies", str(pk)) in feed(world)


@pytest.mark.parametrize(
    ("persona", "status"), [("lead", 403), ("reader", 403), ("other_agent", 404)]
)
def test_others_may_not_change_a_body(world, body, persona, status):
    client = client_for(getattr(world, persona), MEETINGS)
    url = f"/api/v1/governance-bodies/{body.pk}/"
    assert client.patch(url, {"name": "Autre"}, format="json").status_code == status
    assert client.delete(url).status_code == status
    assert GovernanceBody.objects.filter(pk=body.pk, name="Comité de pilotage").exists()


def test_a_body_needs_actions_write(world, body):
    client = client_for(world.coordinator, PLAN)
    response = client.delete(f"/api/v1/governance-bodies/{body.pk}/")
    assert response.status_code == 403
    assert "actions:write" in response.json()["message"]


def test_a_body_that_held_meetings_stays_with_the_way_out(world, body):
    MeetingFactory(body=body)
    response = client_for(world.coordinator, MEETINGS).delete(
        f"/api/v1/governance-bodies/{body.pk}/"
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": [
            "Cette instance a tenu 1 réunion : supprimez-les d'abord si elles ont été "
            "enregistrées par erreur."
        ]
    }


def test_a_body_name_already_taken_is_refused(world, body):
    response = client_for(world.coordinator, MEETINGS).post(
        "/api/v1/governance-bodies/",
        {"contract": world.contract.pk, "kind": BodyKind.COPIL, "name": "Comité de pilotage"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["details"] == {
        "non_field_errors": ["Une instance porte déjà ce nom dans ce contrat."]
    }


# --- History ----------------------------------------------------------------------------------


def test_removals_through_the_api_are_in_the_contract_history(
    world, spare_axis, partner, amendment
):
    client = client_for(world.agent, PLAN)
    for url in (
        f"/api/v1/signatories/{partner.pk}/",
        f"/api/v1/amendments/{amendment.pk}/",
        f"/api/v1/axes/{spare_axis.pk}/",
    ):
        assert client.delete(url).status_code == 204
    removals = {
        (entry.object_kind, entry.object_label, entry.who)
        for entry in contract_history(world.contract, world.agent)
        if entry.change == "Suppression"
    }
    who = str(world.agent)
    assert {
        ("signataire", "Mutualité Française Bretagne", who),
        ("avenant", "n° 1 — Révision à mi-parcours", who),
        ("axe stratégique", "Axe 2 — Santé mentale", who),
    } <= removals


# --- If-Match ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "fixture", "change"),
    [
        ("axes", "spare_axis", {"title": "Santé mentale et addictions"}),
        ("objectives", "general", {"title": "Prévenir les chutes à domicile"}),
        ("signatories", "partner", {"deliberation_on": "2023-11-30"}),
        ("amendments", "amendment", {"subject": "Révision de 2026"}),
        ("governance-bodies", "body", {"name": "COPIL"}),
    ],
)
def test_a_stale_etag_is_refused(world, request, resource, fixture, change):
    record = request.getfixturevalue(fixture)
    client = client_for(world.agent, [*PLAN, TokenScope.ACTIONS_WRITE])
    url = f"/api/v1/{resource}/{record.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = client.patch(url, {"description": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert type(record).objects.filter(pk=record.pk).exists()
    if resource == "axes":
        move = client.post(f"{url}move/", {"offset": 1}, format="json", HTTP_IF_MATCH=etag)
        assert move.status_code == 412


# --- The schema -------------------------------------------------------------------------------


def test_the_schema_documents_the_plan_writes_in_french(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for resource in ("axes", "objectives", "signatories", "amendments"):
        assert "plan:write" in paths[f"/api/v1/{resource}/"]["post"]["description"]
        for method in ("patch", "delete"):
            assert "plan:write" in paths[f"/api/v1/{resource}/{{id}}/"][method]["description"]
    assert "de les déplacer" in paths["/api/v1/axes/{id}/"]["delete"]["description"]
    assert "plan:write" in paths["/api/v1/axes/{id}/move/"]["post"]["description"]
    assert "plan:write" in paths["/api/v1/axes/renumber/"]["post"]["description"]
    for method in ("patch", "delete"):
        body = paths["/api/v1/governance-bodies/{id}/"][method]["description"]
        assert "actions:write" in body


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture
def agent_client(world):
    client = client_for(world.agent, PLAN)
    # The token's last use is recorded: the authentication then costs one query.
    ApiToken.objects.update(last_used_at=timezone.now())
    return client


# Every write starts with 1 the token and its owner, and counts 2 memberships (roles) and ids of
# the contracts seen. A correction or a removal also takes the request's savepoint, locks the
# record joined to its contract and ARS, and releases the savepoint at the end. Django's
# `full_clean()` checks each foreign key (one query each) and each check or unique constraint
# (a query, or three with a savepoint around it), and each record saved writes its history row.


def test_adding_an_axis_query_count(world, agent_client, django_assert_num_queries):
    body = {"contract": world.contract.pk, "number": 4, "title": "Nutrition"}
    with django_assert_num_queries(13):
        # 3 the contract chosen, with its ARS; 4 the service's savepoint; 5 the contract exists;
        # 6 the number is free; 7-9 it is at least 1; 10 saved, 11 history; 12 released;
        # 13 read back.
        response = agent_client.post("/api/v1/axes/", body, format="json")
    assert response.status_code == 201


def test_correcting_an_axis_query_count(spare_axis, agent_client, django_assert_num_queries):
    with django_assert_num_queries(16):
        # 2 savepoint; 4 the axis locked; 5 the service's savepoint; 6 the contract exists;
        # 7 the number is free; 8-10 it is at least 1; 11 saved, 12 history; 13 the contract
        # touched; 14-15 released; 16 read back.
        response = agent_client.patch(
            f"/api/v1/axes/{spare_axis.pk}/", {"title": "Santé mentale"}, format="json"
        )
    assert response.status_code == 200


def test_removing_an_axis_query_count(spare_axis, agent_client, django_assert_num_queries):
    with django_assert_num_queries(20):
        # 2 savepoint; 4 the axis locked; 5 the service's savepoint; 6 its fiches actions
        # counted; 7-9 its objectives and what hangs on them collected; 10 their links to fiches
        # removed; 11 the objective deleted, 12 history, 13 its axis read, 14 tombstone; 15 the
        # axis deleted, 16 history, 17 tombstone; 18 the contract touched; 19-20 released.
        response = agent_client.delete(f"/api/v1/axes/{spare_axis.pk}/")
    assert response.status_code == 204


def test_moving_an_axis_query_count(spare_axis, agent_client, django_assert_num_queries):
    with django_assert_num_queries(14):
        # 2 savepoint; 4 the axis locked; 5 the service's savepoint; 6 the contract's axes
        # locked; 7-10 the two axes reordered, each with its history; 11 the contract touched;
        # 12-13 released; 14 read back.
        response = agent_client.post(
            f"/api/v1/axes/{spare_axis.pk}/move/", {"offset": -1}, format="json"
        )
    assert response.status_code == 200


def test_renumbering_axes_query_count(world, spare_axis, agent_client, django_assert_num_queries):
    with django_assert_num_queries(16):
        # 3 the contract chosen, with its ARS; 4 savepoint; 5 the axes locked; 6-13 each of the
        # two axes moved out of the way then numbered, with its history; 14 the contract
        # touched; 15 released; 16 the axes read back in their order.
        response = agent_client.post(
            "/api/v1/axes/renumber/", {"contract": world.contract.pk}, format="json"
        )
    assert response.status_code == 200


def test_adding_an_objective_query_count(world, general, agent_client, django_assert_num_queries):
    body = {
        "axis": world.axis.pk,
        "level": ObjectiveLevel.SPECIFIC,
        "parent": general.pk,
        "title": "Adapter les logements",
    }
    with django_assert_num_queries(17):
        # 3 the axis chosen, with its contract and ARS; 4 the parent chosen; 5 savepoint; 6-7 the
        # axis and the parent exist; 8-10 the level matches the parent; 11-13 the number is free;
        # 14 saved, 15 history; 16 released; 17 read back.
        response = agent_client.post("/api/v1/objectives/", body, format="json")
    assert response.status_code == 201


def test_correcting_an_objective_query_count(general, agent_client, django_assert_num_queries):
    with django_assert_num_queries(19):
        # 2 savepoint; 4 the objective locked; 5 the service's savepoint; 6 objectives under it
        # counted; 7 the axis exists; 8-10 the level matches the parent; 11-13 the number is
        # free; 14 saved, 15 history; 16 the contract touched; 17-18 released; 19 read back.
        response = agent_client.patch(
            f"/api/v1/objectives/{general.pk}/", {"title": "Prévenir les chutes"}, format="json"
        )
    assert response.status_code == 200


def test_removing_an_objective_query_count(general, agent_client, django_assert_num_queries):
    with django_assert_num_queries(14):
        # 2 savepoint; 4 the objective locked; 5 the service's savepoint; 6 objectives under it
        # counted; 7 collected; 8 its links to fiches removed; 9 deleted, 10 history,
        # 11 tombstone; 12 the contract touched; 13-14 released.
        response = agent_client.delete(f"/api/v1/objectives/{general.pk}/")
    assert response.status_code == 204


def test_adding_a_signatory_query_count(world, agent_client, django_assert_num_queries):
    body = {
        "contract": world.contract.pk,
        "organisation": OrganisationFactory().pk,
        "person_name": "Jean Martin",
    }
    with django_assert_num_queries(24):
        # 3 the contract chosen, with its ARS; 4 the organisation chosen; 5 the service's
        # savepoint; 6-9 the representative created (savepoint, organisation exists, saved,
        # released); 10 savepoint; 11-14 contract, organisation and representative exist, the
        # role is free; 15-17 the dates in order; 18 saved, 19 history; 20 released; 21-22 the
        # invitation's savepoint (no address: nobody to invite); 23 released; 24 read back.
        response = agent_client.post("/api/v1/signatories/", body, format="json")
    assert response.status_code == 201


def test_correcting_a_signatory_query_count(partner, agent_client, django_assert_num_queries):
    with django_assert_num_queries(22):
        # 2 savepoint; 4 the signatory locked with its organisation and representative; 5 the
        # service's savepoint; 6-7 the representative checked and saved; 8-11 contract,
        # organisation and representative exist, the role is free; 12-14 the dates in order;
        # 15 saved, 16 history; 17 the contract touched; 18-19 the invitation's savepoint (no
        # address: nobody to invite); 20-21 released; 22 read back.
        response = agent_client.patch(
            f"/api/v1/signatories/{partner.pk}/", {"deliberation_on": "2023-11-30"}, format="json"
        )
    assert response.status_code == 200


def test_removing_a_signatory_query_count(partner, agent_client, django_assert_num_queries):
    with django_assert_num_queries(11):
        # 2 savepoint; 4 the signatory locked; 5 the service's savepoint; 6 deleted, 7 history,
        # 8 tombstone; 9 the contract touched; 10-11 released.
        response = agent_client.delete(f"/api/v1/signatories/{partner.pk}/")
    assert response.status_code == 204


def test_reading_signatories_query_count(world, partner, agent_client, django_assert_num_queries):
    with django_assert_num_queries(4):
        # 3 the count; 4 the page, with each representative joined.
        listed = agent_client.get("/api/v1/signatories/")
    assert listed.json()["count"] == 2
    with django_assert_num_queries(3):
        assert agent_client.get(f"/api/v1/signatories/{partner.pk}/").status_code == 200


def test_recording_an_amendment_query_count(world, agent_client, django_assert_num_queries):
    body = {"contract": world.contract.pk, "signed_on": "2026-06-30", "subject": "Nouvel axe"}
    with django_assert_num_queries(14):
        # 3 the contract chosen, with its ARS; 4 the service's savepoint; 5 the last number;
        # 6 the contract exists; 7 the number is free; 8-10 it is at least 1; 11 saved,
        # 12 history; 13 released; 14 read back.
        response = agent_client.post("/api/v1/amendments/", body, format="json")
    assert response.status_code == 201


def test_correcting_an_amendment_query_count(amendment, agent_client, django_assert_num_queries):
    with django_assert_num_queries(16):
        # 2 savepoint; 4 the amendment locked; 5 the service's savepoint; 6 the contract exists;
        # 7 the number is free; 8-10 it is at least 1; 11 saved, 12 history; 13 the contract
        # touched; 14-15 released; 16 read back.
        response = agent_client.patch(
            f"/api/v1/amendments/{amendment.pk}/", {"subject": "Révision"}, format="json"
        )
    assert response.status_code == 200


def test_removing_an_amendment_query_count(amendment, agent_client, django_assert_num_queries):
    with django_assert_num_queries(12):
        # 2 savepoint; 4 the amendment locked; 5 the service's savepoint; 6 its documents
        # detached; 7 deleted, 8 history, 9 tombstone; 10 the contract touched; 11-12 released.
        response = agent_client.delete(f"/api/v1/amendments/{amendment.pk}/")
    assert response.status_code == 204


def test_creating_a_body_query_count(world, agent_client, django_assert_num_queries):
    ApiToken.objects.update(scopes=[TokenScope.READ, TokenScope.ACTIONS_WRITE])
    body = {"contract": world.contract.pk, "kind": BodyKind.COTECH, "name": "Comité technique"}
    with django_assert_num_queries(10):
        # 3 the contract chosen, with its ARS; 4 the service's savepoint; 5 the contract exists;
        # 6 the name is free; 7 saved, 8 history; 9 released; 10 read back.
        response = agent_client.post("/api/v1/governance-bodies/", body, format="json")
    assert response.status_code == 201


def test_correcting_a_body_query_count(body, agent_client, django_assert_num_queries):
    ApiToken.objects.update(scopes=[TokenScope.READ, TokenScope.ACTIONS_WRITE])
    with django_assert_num_queries(13):
        # 2 savepoint; 4 the body locked; 5 the service's savepoint; 6 the contract exists;
        # 7 the name is free; 8 saved, 9 history; 10 the contract touched; 11-12 released;
        # 13 read back.
        response = agent_client.patch(
            f"/api/v1/governance-bodies/{body.pk}/", {"name": "COPIL"}, format="json"
        )
    assert response.status_code == 200


def test_removing_a_body_query_count(body, agent_client, django_assert_num_queries):
    ApiToken.objects.update(scopes=[TokenScope.READ, TokenScope.ACTIONS_WRITE])
    with django_assert_num_queries(15):
        # 2 savepoint; 4 the body locked; 5 the service's savepoint; 6 its meetings counted;
        # 7 none to protect; 8-9 its members and member organisations unlinked; 10 deleted,
        # 11 history, 12 tombstone; 13 the contract touched; 14-15 released.
        response = agent_client.delete(f"/api/v1/governance-bodies/{body.pk}/")
    assert response.status_code == 204
