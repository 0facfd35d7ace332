"""Correcting and removing a fiche action and what it holds: the sheet itself (deleted or
abandoned), its follow-up notes, its documents; the consistency rules of sheets, funding and
meetings; the sheet's history, field by field."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions import services
from actions.enums import ActionStatus
from actions.models import Action, ActionUpdate
from contracts.models import Tombstone
from indicators.enums import ValueStatus
from tests.actions.factories import ActionFactory, ActionUpdateFactory, FundingLineFactory
from tests.actors.factories import OrganisationFactory
from tests.clock import TODAY
from tests.contracts.factories import AxisFactory, GovernanceBodyFactory, ObjectiveFactory
from tests.documents import pdf_bytes
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


def sheet_url(action, name="action_sheet", *more):
    return reverse(name, args=[action.contract_id, action.pk, *more])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Removing or abandoning a sheet -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "agent", "admin"])
def test_coordination_removes_a_sheet_entered_by_mistake(client, world, persona):
    action = ActionFactory(axis=world.axis, number="1.9")
    ActionUpdateFactory(action=action)
    client.force_login(getattr(world, persona))
    response = client.post(sheet_url(action, "action_delete"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("contract_actions", args=[world.contract.pk])
    assert "La fiche 1.9 a été supprimée." in messages_of(response)
    assert not Action.objects.filter(pk=action.pk).exists()
    assert Tombstone.objects.filter(resource="actions", object_id=str(action.pk)).exists()
    assert Action.history.filter(id=action.pk, history_type="-").exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("lead", 403), ("reader", 403), ("other_agent", 404)]
)
def test_others_cannot_remove_a_sheet(client, world, persona, status):
    client.force_login(getattr(world, persona))
    assert client.post(sheet_url(world.lead_action, "action_delete")).status_code == status
    assert Action.objects.filter(pk=world.lead_action.pk).exists()


def test_removal_is_a_post(client, world):
    client.force_login(world.coordinator)
    assert client.get(sheet_url(world.lead_action, "action_delete")).status_code == 405


def test_a_funded_sheet_with_validated_values_can_only_be_abandoned(client, world):
    action = world.lead_action
    FundingLineFactory(action=action)
    FundingLineFactory(action=action, year=2026)
    indicator = IndicatorFactory(contract=world.contract, action=action)
    IndicatorValueFactory(indicator=indicator, status=ValueStatus.VALIDATED)
    client.force_login(world.coordinator)
    response = client.post(sheet_url(action, "action_delete"), follow=True)
    assert messages_of(response) == [
        "Cette fiche a 2 lignes de financement et 1 valeur validée : elle ne peut pas être "
        "supprimée. Passez-la au statut « Abandonnée » pour l'arrêter en gardant sa trace."
    ]
    assert Action.objects.filter(pk=action.pk).exists()


def test_a_sheet_with_values_not_yet_validated_goes_with_them(world):
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    IndicatorValueFactory(indicator=indicator, status=ValueStatus.SUBMITTED)
    services.action_delete(action=world.lead_action)
    assert not indicator.values.exists()
    assert Tombstone.objects.filter(resource="indicators", object_id=str(indicator.pk)).exists()


def test_the_lead_abandons_their_sheet_which_stays_in_the_contract(client, world):
    client.force_login(world.lead)
    response = client.post(sheet_url(world.lead_action, "action_abandon"), follow=True)
    assert "La fiche 1.1 est abandonnée ; elle reste au contrat." in messages_of(response)
    world.lead_action.refresh_from_db()
    assert world.lead_action.status == ActionStatus.ABANDONED
    assert world.lead_action.version == 2


def test_a_reader_cannot_abandon_a_sheet(client, world):
    client.force_login(world.reader)
    assert client.post(sheet_url(world.lead_action, "action_abandon")).status_code == 403


def test_the_sheet_offers_removal_to_the_coordination_only(client, world):
    client.force_login(world.coordinator)
    assertContains(client.get(sheet_url(world.lead_action)), "Supprimer la fiche")
    client.force_login(world.lead)
    page = client.get(sheet_url(world.lead_action)).text
    assert "Abandonner la fiche" in page
    assert "Supprimer la fiche" not in page


# --- Moving a sheet: its objectives belong to its axis -----------------------------------------


def test_a_sheet_moves_to_another_axis_with_objectives_of_that_axis(world):
    second = AxisFactory(contract=world.contract, number=2)
    objective = ObjectiveFactory(axis=second, number="2.1")
    action = services.action_update(
        action=world.lead_action,
        expected_version=1,
        by=world.coordinator,
        axis=second,
        objectives=[objective],
    )
    assert action.axis == second
    assert list(action.objectives.all()) == [objective]


def test_objectives_of_another_axis_are_refused_on_the_field(world):
    second = AxisFactory(contract=world.contract, number=2)
    elsewhere = ObjectiveFactory(axis=second, number="2.1", title="Prévenir les addictions")
    with pytest.raises(services.ValidationError) as refused:
        services.action_update(
            action=world.lead_action,
            expected_version=1,
            by=world.coordinator,
            objectives=[elsewhere],
        )
    assert refused.value.message_dict["objectives"] == [
        f"Ces objectifs ne relèvent pas de l'axe de la fiche ({world.axis}) : 2.1 Prévenir "
        "les addictions. Retirez-les, ou choisissez ceux de cet axe."
    ]


def test_moving_a_sheet_without_changing_its_objectives_is_refused(world):
    objective = ObjectiveFactory(axis=world.axis, number="1.1")
    world.lead_action.objectives.set([objective])
    with pytest.raises(services.ValidationError) as refused:
        services.action_update(
            action=world.lead_action,
            expected_version=1,
            by=world.coordinator,
            axis=AxisFactory(contract=world.contract, number=2),
        )
    assert "objectives" in refused.value.message_dict


# --- Follow-up notes ---------------------------------------------------------------------------


@pytest.fixture
def note(world):
    return ActionUpdateFactory(
        action=world.lead_action, author=world.lead, written_on=datetime.date(2026, 10, 2)
    )


@pytest.mark.parametrize("persona", ["lead", "coordinator", "agent"])
def test_the_author_and_the_coordination_correct_a_note(client, world, note, persona):
    client.force_login(getattr(world, persona))
    url = sheet_url(world.lead_action, "action_note_edit", note.pk)
    assertContains(client.get(url), "Modifier la note de suivi")
    response = client.post(url, {"written_on": "03/10/2026", "text": "Atelier reporté."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.written_on, note.text) == (datetime.date(2026, 10, 3), "Atelier reporté.")


@pytest.mark.parametrize(("persona", "status"), [("reader", 403), ("other_agent", 404)])
def test_others_cannot_correct_or_remove_a_note(client, world, note, persona, status):
    client.force_login(getattr(world, persona))
    edit = sheet_url(world.lead_action, "action_note_edit", note.pk)
    assert client.post(edit, {"written_on": "03/10/2026", "text": "x"}).status_code == status
    delete = sheet_url(world.lead_action, "action_note_delete", note.pk)
    assert client.post(delete).status_code == status
    assert ActionUpdate.objects.filter(pk=note.pk).exists()


def test_a_lead_cannot_correct_the_note_of_someone_else(client, world):
    note = ActionUpdateFactory(action=world.lead_action, author=world.coordinator)
    client.force_login(world.lead)
    url = sheet_url(world.lead_action, "action_note_edit", note.pk)
    assert client.get(url).status_code == 403
    assert "action_note_edit" not in client.get(sheet_url(world.lead_action)).text
    page = client.get(sheet_url(world.lead_action)).text
    assert url not in page


def test_a_note_is_removed_and_kept_in_the_history(client, world, note):
    client.force_login(world.lead)
    response = client.post(sheet_url(world.lead_action, "action_note_delete", note.pk), follow=True)
    assert "La note de suivi a été supprimée." in messages_of(response)
    assert not ActionUpdate.objects.filter(pk=note.pk).exists()
    assert ActionUpdate.history.filter(id=note.pk, history_type="-").exists()


def test_a_note_dated_in_the_future_is_refused_on_the_field(client, world, note):
    client.force_login(world.lead)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(
        sheet_url(world.lead_action, "action_note_add"),
        {"written_on": tomorrow.strftime("%d/%m/%Y"), "text": "Réunion prévue."},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["written_on"] == [
        f"Cette date est postérieure à aujourd'hui ({TODAY:%d/%m/%Y})."
    ]
    assert "Réunion prévue." in response.text  # nothing lost


# --- Documents of a sheet ----------------------------------------------------------------------


@pytest.fixture
def document(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.action_document_upload(
        action=world.lead_action,
        title="Bilan 2025",
        file=SimpleUploadedFile("bilan.pdf", pdf_bytes(), "application/pdf"),
        by=world.lead,
    )


def test_the_lead_renames_then_removes_a_document_and_its_file(
    client, world, document, django_capture_on_commit_callbacks
):
    client.force_login(world.lead)
    rename = sheet_url(world.lead_action, "action_document_edit", document.pk)
    assert client.post(rename, {"title": "Bilan d'activité 2025"}).status_code == 302
    document.refresh_from_db()
    assert document.title == "Bilan d'activité 2025"
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(sheet_url(world.lead_action, "action_document_delete", document.pk))
    assert not world.lead_action.documents.exists()
    assert not storage.exists(name)


def test_a_reader_cannot_remove_a_document(client, world, document):
    client.force_login(world.reader)
    url = sheet_url(world.lead_action, "action_document_delete", document.pk)
    assert client.post(url).status_code == 403
    assert world.lead_action.documents.exists()


# --- Consistency of funding and meetings --------------------------------------------------------


def test_a_payment_above_the_granted_amount_is_refused_on_the_field(world):
    line = FundingLineFactory(action=world.lead_action, granted_amount=Decimal("8000"))
    with pytest.raises(services.ValidationError) as refused:
        services.funding_line_update(line=line, paid_amount=Decimal("9500.50"))
    assert refused.value.message_dict["paid_amount"] == [
        "Le montant versé (9\u202f500,50 €) dépasse le montant accordé (8\u202f000,00 €)."
    ]


def test_a_meeting_may_be_planned_but_its_minutes_wait_for_it(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    body = GovernanceBodyFactory(contract=world.contract)
    later = TODAY + datetime.timedelta(days=30)
    meeting = services.meeting_record(
        contract=world.contract, body=body, held_on=later, by=world.coordinator
    )
    assert meeting.held_on == later
    with pytest.raises(services.ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            by=world.coordinator,
            minutes_file=SimpleUploadedFile("cr.pdf", pdf_bytes(), "application/pdf"),
        )
    assert refused.value.message_dict["minutes"] == [
        "Le compte rendu se dépose une fois la réunion tenue."
    ]


# --- History: each field before and after -------------------------------------------------------


def test_the_sheet_history_tells_each_field_before_and_after(client, world):
    partner = OrganisationFactory(name="Mutualité française")
    services.action_update(
        action=world.lead_action,
        expected_version=1,
        by=world.coordinator,
        status=ActionStatus.DONE,
        partners=[partner],
    )
    client.force_login(world.lead)
    line = client.get(sheet_url(world.lead_action)).context["history"][0]
    shown = {(change.label, change.before, change.after) for change in line.changes}
    assert shown == {
        ("Statut", "En cours", "Réalisée"),
        ("Partenaires", "(vide)", "Mutualité française"),
    }
    assert line.reason == ""


def test_the_contract_history_shows_removals_with_what_they_held(client, world):
    action = ActionFactory(axis=world.axis, number="1.7", title="Ateliers nutrition")
    services.action_delete(action=action)
    client.force_login(world.coordinator)
    entries = client.get(reverse("contract_history", args=[world.contract.pk])).context["page"]
    removal = next(e for e in entries.object_list if e.change == "Suppression")
    assert removal.object_label == "1.7 — Ateliers nutrition"
    assert ("Intitulé", "Ateliers nutrition", "(supprimé)") in {
        (c.label, c.before, c.after) for c in removal.changes
    }
    assert ("Axe", str(world.axis), "(supprimé)") in {
        (c.label, c.before, c.after) for c in removal.changes
    }


@pytest.mark.parametrize("moves", [1, 4])
def test_the_contract_history_reads_related_names_once_per_kind(
    client, world, django_assert_num_queries, moves
):
    axes = [AxisFactory(contract=world.contract, number=n + 2) for n in range(moves)]
    for n, axis in enumerate(axes):
        action = ActionFactory(axis=world.axis, number=f"1.{n + 20}")
        services.action_update(action=action, expected_version=1, by=world.agent, axis=axis)
    client.force_login(world.coordinator)
    with django_assert_num_queries(25):
        # 1-2 session and user; 3 roles; 4 the contract; 5 may the user see confidential
        # actions (coordinating); 6-23 the 18 tracked models' histories; 24 may the user
        # coordinate (the header's buttons); 25 the names of the axes the changes name, all
        # at once.
        response = client.get(reverse("contract_history", args=[world.contract.pk]))
    assertContains(response, f"<del>{world.axis}</del>", count=moves)
