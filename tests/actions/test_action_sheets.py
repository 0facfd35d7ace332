"""Action sheets through the web pages, for every persona of DESIGN.md §5: who creates, edits,
follows up and reads a sheet; who gets a 403 (sees the contract, may not change it) or a 404."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from actions.enums import ActionStatus, FundingScheme
from actions.models import Action, ActionUpdate, Determinant, FundingLine, Milestone, TargetGroup
from contracts.models import Theme
from contracts.selectors import organisations_offered
from tests.actions.factories import ActionFactory, MilestoneFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import ObjectiveFactory
from tests.documents import pdf_bytes
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.territories.factories import CommuneFactory

PDF = pdf_bytes()


def sheet_url(action, name="action_sheet"):
    return reverse(name, args=[action.contract_id, action.pk])


def form_data(action=None, **overrides):
    """What the sheet form posts, starting from `action`'s current values."""
    data = {
        "version": action.version if action else "",
        "number": action.number if action else "1.2",
        "axis": action.axis_id if action else "",
        "title": action.title if action else "Prévenir les chutes",
        "description": action.description if action else "",
        "rationale": "",
        "expected_results": "",
        "citizen_participation": "none",
        "priority": "medium",
        "status": action.status if action else "planned",
        "starts_on": "",
        "planned_end_on": "",
        "ended_on": "",
    }
    data.update(overrides)
    return data


# --- Creating a sheet --------------------------------------------------------------------------


def test_coordinator_creates_a_sheet_with_every_field(client, world):
    objective = ObjectiveFactory(axis=world.axis, number="1.1")
    partner, pilot = OrganisationFactory(), OrganisationFactory()
    commune = world.contract.territory.communes.get()
    client.force_login(world.coordinator)
    url = reverse("action_create", args=[world.contract.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        form_data(
            axis=world.axis.pk,
            number="1.4",
            title="Installer une maison de santé",
            description="Une maison de santé pluriprofessionnelle au bourg.",
            rationale="Trois médecins partent à la retraite.",
            expected_results="Un médecin de plus d'ici 2027.",
            objectives=[objective.pk],
            lead_organisation=pilot.pk,
            new_lead_first_name="Anne",
            new_lead_last_name="Le Goff",
            new_lead_email="anne.legoff@exemple.fr",
            partners=[partner.pk],
            target_groups=["older_people"],
            determinants=["access_to_care"],
            themes=["access_to_care"],
            intervention_communes=[commune.pk],
            citizen_participation="consultation",
            priority="high",
            status="in_progress",
            starts_on="2025-01-01",
            planned_end_on="2027-12-31",
            is_confidential="on",
        ),
    )

    action = Action.objects.get(contract=world.contract, number="1.4")
    assert response.status_code == 302
    assert response.url == sheet_url(action)
    assert action.title == "Installer une maison de santé"
    assert action.lead_person.last_name == "Le Goff"
    assert action.lead_person.organisation == pilot
    assert list(action.objectives.all()) == [objective]
    assert list(action.partners.all()) == [partner]
    assert list(action.target_groups.all()) == [TargetGroup.objects.get(code="older_people")]
    assert list(action.determinants.all()) == [Determinant.objects.get(code="access_to_care")]
    assert list(action.themes.all()) == [Theme.objects.get(code="access_to_care")]
    assert list(action.intervention_communes.all()) == [commune]
    assert (action.priority, action.status, action.is_confidential) == ("high", "in_progress", True)
    assert action.history.count() >= 1


def test_sheet_form_offers_only_the_contracts_communes_and_objectives(client, world):
    outside = CommuneFactory()
    foreign_objective = ObjectiveFactory()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("action_create", args=[world.contract.pk]),
        form_data(
            axis=world.axis.pk,
            intervention_communes=[outside.pk],
            objectives=[foreign_objective.pk],
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "intervention_communes" in form.errors
    assert "objectives" in form.errors
    assert not Action.objects.filter(number="1.2").exists()


def test_sheet_form_offers_the_regions_organisations_and_the_contracts_people(client, world):
    region = world.contract.ars.region
    near = OrganisationFactory(name="Mutualité française du Morbihan", region=region)
    far = OrganisationFactory(name="Association de Guyane", region=world.other_contract.ars.region)
    stranger = PersonFactory(first_name="Inconnue", last_name="Dutout")
    client.force_login(world.coordinator)
    url = reverse("action_create", args=[world.contract.pk])

    page = client.get(url).text
    refused = client.post(url, form_data(axis=world.axis.pk, partners=[far.pk]))
    unknown = client.post(url, form_data(axis=world.axis.pk, lead_person=stranger.pk))

    assert escape(near.name) in page and escape(far.name) not in page
    assert escape(world.lead_action.lead_person.last_name) in page
    assert stranger.last_name not in page
    assert "partners" in refused.context["form"].errors
    assert "lead_person" in unknown.context["form"].errors
    assert not Action.objects.filter(number="1.2").exists()


def test_sheet_form_shows_its_long_lists_as_dsfr_drop_down_lists(client, world):
    client.force_login(world.coordinator)

    page = client.get(reverse("action_create", args=[world.contract.pk])).text

    for name in ("lead_organisation", "lead_person", "partners", "intervention_communes"):
        assert re.search(rf'<select name="{name}"[^>]* class="fr-select"', page), name
    assert page.count('<div class="fr-select-group">') >= 4


def test_sheet_form_keeps_offering_what_the_sheet_already_names(client, world):
    far = OrganisationFactory(name="Association de Guyane", region=world.other_contract.ars.region)
    stranger = PersonFactory(first_name="Inconnue", last_name="Dutout")
    action = world.lead_action
    action.partners.set([far])
    Action.objects.filter(pk=action.pk).update(lead_person=stranger)
    action.refresh_from_db()
    client.force_login(world.coordinator)

    response = client.post(
        sheet_url(action, "action_edit"),
        form_data(action, partners=[far.pk], lead_person=stranger.pk, title="Gardée"),
    )

    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert action.title == "Gardée" and list(action.partners.all()) == [far]


def test_duplicate_number_is_refused_with_a_french_message(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("action_create", args=[world.contract.pk]),
        form_data(axis=world.axis.pk, number="1.1"),
    )
    assert response.status_code == 200
    assert "Une fiche action porte déjà ce numéro dans ce contrat." in response.text


@pytest.mark.parametrize("persona", ["lead", "reader"])
def test_lead_and_reader_may_not_create_a_sheet(client, world, persona):
    client.force_login(getattr(world, persona))
    url = reverse("action_create", args=[world.contract.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(axis=world.axis.pk)).status_code == 403


def test_coordinator_of_another_contract_gets_a_404(client, world, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("action_create", args=[world.contract.pk])).status_code == 404
    assert client.get(sheet_url(world.lead_action)).status_code == 404
    assert client.get(sheet_url(world.lead_action, "action_edit")).status_code == 404


# --- Editing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "agent", "lead", "admin"])
def test_coordination_ars_and_the_lead_edit_the_sheet(client, world, persona):
    action = world.lead_action
    client.force_login(getattr(world, persona))
    assert client.get(sheet_url(action, "action_edit")).status_code == 200

    response = client.post(
        sheet_url(action, "action_edit"), form_data(action, title="Nouveau titre")
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("Nouveau titre", 2)


def test_lead_edits_only_their_own_sheets(client, world):
    other = ActionFactory(axis=world.axis, number="1.7")
    client.force_login(world.lead)
    assert client.get(sheet_url(other, "action_edit")).status_code == 403
    response = client.post(sheet_url(other, "action_edit"), form_data(other, title="Piraté"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title != "Piraté"


def test_collectivite_reader_sees_the_sheet_but_may_not_edit_it(client, world):
    client.force_login(world.reader)
    assert client.get(sheet_url(world.lead_action)).status_code == 200
    assert client.get(sheet_url(world.lead_action, "action_edit")).status_code == 403
    assert "Modifier la fiche" not in client.get(sheet_url(world.lead_action)).text


def test_confidential_sheet_is_a_404_for_the_reader_and_visible_to_its_lead(client, world):
    world.lead_action.is_confidential = True
    world.lead_action.save()
    client.force_login(world.reader)
    assert client.get(sheet_url(world.lead_action)).status_code == 404
    assert client.get(sheet_url(world.lead_action, "action_print")).status_code == 404
    client.force_login(world.lead)
    assert client.get(sheet_url(world.lead_action)).status_code == 200


def test_the_pilot_and_partner_lists_offer_the_same_organisations_read_once(client, world):
    action = world.lead_action
    pilot, partner = OrganisationFactory(name="CPAM du Morbihan"), OrganisationFactory()
    action.lead_organisation = pilot
    action.save()
    action.partners.add(partner)
    client.force_login(world.coordinator)

    with CaptureQueriesContext(connection) as queries:
        form = client.get(sheet_url(action, "action_edit")).context["form"]
        lead_html, partners_html = str(form["lead_organisation"]), str(form["partners"])

    offered = {o.pk: o.name for o in organisations_offered(world.contract, keep=[pilot.pk])}
    assert {pk for pk, _ in form.fields["partners"].choices} == set(offered)
    assert [pk for pk, _ in form.fields["lead_organisation"].choices] == ["", *offered]
    assert f'<option value="{pilot.pk}" selected>CPAM du Morbihan</option>' in lead_html
    assert f'<option value="{partner.pk}" selected>' in partners_html
    # The offered organisations: those of the région, national ones, those taking part.
    marker = '"actors_organisation"."region_id" IS NULL'
    offered_reads = [q for q in queries.captured_queries if marker in q["sql"]]
    assert len(offered_reads) == 1

    stranger = OrganisationFactory(region=world.other_contract.ars.region)
    response = client.post(
        sheet_url(action, "action_edit"), form_data(action, lead_organisation=stranger.pk)
    )
    assert response.status_code == 200 and "lead_organisation" in response.context["form"].errors


# --- No lost update ----------------------------------------------------------------------------


def test_two_concurrent_edits_end_with_no_lost_update(client, world):
    action = world.lead_action
    # The coordinator opens the form (version 1)…
    client.force_login(world.coordinator)
    loaded = client.get(sheet_url(action, "action_edit")).context["form"].initial
    assert loaded["version"] == 1
    # …meanwhile the lead saves a new title and status.
    client.force_login(world.lead)
    client.post(
        sheet_url(action, "action_edit"),
        form_data(action, title="Titre du pilote", status=ActionStatus.BLOCKED),
    )
    # The coordinator saves from the stale form.
    client.force_login(world.coordinator)
    stale = form_data(action, version=1, title=action.title, description="Ma description")
    response = client.post(sheet_url(action, "action_edit"), stale)

    assert response.status_code == 409
    action.refresh_from_db()
    assert (action.title, action.status, action.description) == (
        "Titre du pilote",
        ActionStatus.BLOCKED,
        "",
    )
    text = response.text
    assert "Quelqu'un a modifié cette fiche entre-temps" in text
    assert "Intitulé" in text and "Titre du pilote" in text
    assert "Statut" in text and "Bloquée" in text
    # What the coordinator typed is kept, and the form now carries the version they were shown.
    assert "Ma description" in text
    assert response.context["form"].data["version"] == 2

    again = client.post(sheet_url(action, "action_edit"), {**stale, "version": 2})
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == ("Ma description", 3)


def test_conflict_lists_changed_lists_too(client, world):
    action = world.lead_action
    client.force_login(world.lead)
    client.post(sheet_url(action, "action_edit"), form_data(action, themes=["mental_health"]))
    client.force_login(world.coordinator)
    response = client.post(sheet_url(action, "action_edit"), form_data(action, version=1))
    assert response.status_code == 409
    assert "Thématiques" in response.text
    assert "Santé mentale" in response.text


# --- Follow-up: notes, milestones, funding, documents ------------------------------------------


def test_a_note_with_a_status_changes_the_sheets_status(client, world):
    action = world.lead_action
    client.force_login(world.lead)
    response = client.post(
        sheet_url(action, "action_note_add"),
        {"written_on": "2026-03-02", "text": "La salle est réservée.", "new_status": "done"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    note = ActionUpdate.objects.get(action=action)
    assert (note.author, note.written_on, note.new_status) == (
        world.lead,
        datetime.date(2026, 3, 2),
        "done",
    )
    assert (action.status, action.version) == (ActionStatus.DONE, 2)
    page = client.get(sheet_url(action)).text
    assert "La salle est réservée." in page


def test_reader_may_not_add_a_note(client, world):
    client.force_login(world.reader)
    response = client.post(
        sheet_url(world.lead_action, "action_note_add"),
        {"written_on": "2026-03-02", "text": "Non"},
    )
    assert response.status_code == 403
    assert not ActionUpdate.objects.exists()


def test_milestones_are_added_edited_and_deleted(client, world):
    action = world.lead_action
    client.force_login(world.coordinator)
    client.post(
        sheet_url(action, "milestone_add"),
        {"title": "Réunir les partenaires", "due_on": "2026-06-30"},
    )
    milestone = Milestone.objects.get(action=action)
    url = reverse("milestone_edit", args=[action.contract_id, action.pk, milestone.pk])
    client.post(url, {"title": "Réunir les partenaires", "done_on": "2026-05-10"})
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 5, 10)
    client.post(reverse("milestone_delete", args=[action.contract_id, action.pk, milestone.pk]))
    assert not Milestone.objects.exists()


def test_funding_line_amounts_are_typed_the_french_way(client, world):
    funder = OrganisationFactory(name="CPAM du Morbihan")
    client.force_login(world.coordinator)
    response = client.post(
        sheet_url(world.lead_action, "funding_add"),
        {
            "funder": funder.pk,
            "scheme": FundingScheme.CPAM,
            "year": 2026,
            "nature": "operating",
            "planned_amount": "12 500,50",
            "granted_amount": "10000",
            "paid_amount": "0",
            "status": "granted",
            "reference": "Convention 2026-14",
        },
    )
    assert response.status_code == 302
    line = FundingLine.objects.get(action=world.lead_action)
    assert (line.planned_amount, line.granted_amount) == (Decimal("12500.50"), Decimal("10000"))


def test_documents_are_checked_by_their_content(client, world):
    client.force_login(world.lead)
    url = sheet_url(world.lead_action, "action_document_add")
    fake = SimpleUploadedFile("compte-rendu.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(url, {"title": "Faux", "file": fake})
    assert response.status_code == 200
    assert "pas d&#x27;un format accepté" in response.text

    pdf = SimpleUploadedFile("bilan.pdf", PDF, "application/pdf")
    assert client.post(url, {"title": "Bilan", "file": pdf}).status_code == 302
    document = world.lead_action.documents.get()
    assert document.content_type == "application/pdf"
    download = client.get(
        reverse(
            "action_document_download",
            args=[world.contract.pk, world.lead_action.pk, document.pk],
        )
    )
    assert b"".join(download.streaming_content) == PDF


# --- Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "agent", "coordinator", "lead", "reader"])
def test_people_of_the_contract_read_the_sheet_and_its_printable_version(client, world, persona):
    indicator = IndicatorFactory(contract=world.contract, action=world.lead_action)
    IndicatorValueFactory(indicator=indicator, period="2025", value=Decimal("47"))
    client.force_login(getattr(world, persona))
    assert escape(world.lead_action.title) in client.get(sheet_url(world.lead_action)).text
    printable = client.get(sheet_url(world.lead_action, "action_print"))
    assert printable.status_code == 200
    assert "actions/action-print.css" in printable.text
    assert "47 %" in printable.text
    assert "<script" not in printable.text


def test_a_sheet_without_history_still_reads(client, world):
    """Sheets created in bulk, or whose history was purged (`clean_old_history`), have none."""
    world.lead_action.history.all().delete()
    client.force_login(world.coordinator)

    response = client.get(sheet_url(world.lead_action))

    assert response.status_code == 200
    assert escape(world.lead_action.title) in response.text


def test_agent_of_another_region_gets_a_404_on_the_sheet(client, world):
    client.force_login(world.other_agent)
    assert client.get(sheet_url(world.lead_action)).status_code == 404


def test_axes_tab_links_each_sheet(client, world):
    client.force_login(world.reader)
    assert (
        sheet_url(world.lead_action)
        in client.get(reverse("contract_actions", args=[world.contract.pk])).text
    )


def _fill_sheet(action, author, rows: int):
    themes = list(Theme.objects.all())
    for index in range(rows):
        indicator = IndicatorFactory(contract=action.contract, action=action)
        IndicatorValueFactory(indicator=indicator, period="2025")
        MilestoneFactory(action=action, title=f"Étape {index}")
        ActionUpdate.objects.create(action=action, author=author, text=f"Note {index}")
        FundingLine.objects.create(
            action=action, funder=OrganisationFactory(), scheme=FundingScheme.FIR, year=2025 + index
        )
        action.partners.add(OrganisationFactory())
        action.themes.add(themes[index])


@pytest.mark.parametrize("rows", [1, 4])
def test_sheet_page_query_count_does_not_grow_with_its_lists(
    client, world, django_assert_num_queries, rows
):
    _fill_sheet(world.lead_action, world.coordinator, rows)
    client.force_login(world.lead)
    with django_assert_num_queries(20):
        # 1-2 session and user; 3 roles and contract scope; 4 the contract (in the scope);
        # 5 the action with axis, pilot and lead person;
        # 6-11 objectives, partners, target groups, determinants, themes, communes;
        # 12 milestones; 13 notes with authors; 14 funding with funders; 15 documents;
        # 16 meetings with bodies; 17 indicators with definitions; 18 their values;
        # 19 is the user coordinating (header buttons and edit rights); 20 the sheet's
        # history with its authors.
        client.get(sheet_url(world.lead_action))
