"""Whoever may add a part of a contract corrects and removes it from the page that shows it,
under guarded rules whose refusals say the way out; everyone else is refused."""

import datetime
import html

import pytest
from django.urls import reverse

from contracts.enums import BodyKind, ObjectiveLevel, SignatoryRole
from contracts.models import (
    Amendment,
    Axis,
    Diagnosis,
    Finding,
    GovernanceBody,
    Objective,
    Signatory,
)
from tests.actions.factories import ActionFactory
from tests.clock import TODAY
from tests.contracts.factories import (
    AmendmentFactory,
    AxisFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    ObjectiveFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db


def edit_url(contract, kind, record):
    return reverse("record_edit", args=[contract.pk, kind, record.pk])


def delete_url(contract, kind, record):
    return reverse("record_delete", args=[contract.pk, kind, record.pk])


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(client, response) -> str:
    return text_of(client.get(response.url))


# --- Who may ---------------------------------------------------------------------------------


@pytest.fixture
def records(world):
    """One record of each kind on the contract of `world`."""
    world.contract.diagnosis = Diagnosis.objects.create(contract=world.contract)
    return {
        "signataires": world.contract.signatories.get(),
        "avenants": AmendmentFactory(contract=world.contract),
        "axes": AxisFactory(contract=world.contract, number=2),
        "objectifs": ObjectiveFactory(axis=world.axis),
        "instances": GovernanceBodyFactory(contract=world.contract),
        "constats": Finding.objects.create(
            diagnosis=world.contract.diagnosis, theme_id="prevention", title="Peu de dépistage"
        ),
    }


MANAGED = ["signataires", "avenants", "axes", "objectifs"]
COORDINATED = ["instances", "constats"]


@pytest.mark.parametrize("kind", MANAGED + COORDINATED)
@pytest.mark.parametrize(
    ("who", "status"),
    [("agent", 200), ("other_agent", 404), ("reader", 403), ("lead", 403), ("admin", 200)],
)
def test_only_those_who_may_add_a_record_open_its_correction(
    client, world, records, kind, who, status
):
    client.force_login(getattr(world, who))
    response = client.get(edit_url(world.contract, kind, records[kind]))
    assert response.status_code == status


@pytest.mark.parametrize("kind", MANAGED)
def test_the_coordination_corrects_no_part_that_the_ars_manages(client, world, records, kind):
    client.force_login(world.coordinator)
    assert client.get(edit_url(world.contract, kind, records[kind])).status_code == 403
    assert client.post(delete_url(world.contract, kind, records[kind])).status_code == 403
    assert type(records[kind]).objects.filter(pk=records[kind].pk).exists()


@pytest.mark.parametrize("kind", COORDINATED)
def test_the_coordination_corrects_the_governance_and_the_diagnosis(client, world, records, kind):
    client.force_login(world.coordinator)
    assert client.get(edit_url(world.contract, kind, records[kind])).status_code == 200


def test_a_record_of_another_contract_is_not_found(client, world):
    elsewhere = AxisFactory(contract=world.other_contract)
    client.force_login(world.agent)
    assert client.get(edit_url(world.contract, "axes", elsewhere)).status_code == 404


# --- Correcting -------------------------------------------------------------------------------


def test_an_agent_corrects_a_signatory_and_its_representative(client, world):
    signatory = world.contract.signatories.get()
    client.force_login(world.agent)
    response = client.post(
        edit_url(world.contract, "signataires", signatory),
        {
            "role": SignatoryRole.ASSOCIATED,
            "person_name": "Annick Le Floch",
            "person_title": "Présidente",
            "deliberation_on": "2023-12-14",
            "signed_on": "2024-02-09",
        },
    )
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.role == SignatoryRole.ASSOCIATED
    assert signatory.signed_on == datetime.date(2024, 2, 9)
    assert (signatory.person.first_name, signatory.person.last_name) == ("Annick", "Le Floch")
    assert "Le signataire a été modifié." in messages_of(client, response)


def test_a_signature_or_deliberation_in_the_future_is_refused_on_the_field(client, world):
    signatory = world.contract.signatories.get()
    tomorrow = TODAY + datetime.timedelta(days=1)
    client.force_login(world.agent)
    response = client.post(
        edit_url(world.contract, "signataires", signatory),
        {"role": signatory.role, "deliberation_on": tomorrow, "signed_on": tomorrow},
    )
    assert response.status_code == 200
    assert text_of(response).count("Cette date est postérieure à aujourd'hui (22/11/2026).") == 2
    assert Signatory.objects.get(pk=signatory.pk).signed_on == datetime.date(2024, 1, 15)


def test_a_signatory_saved_without_a_date_can_be_dated_so_that_the_contract_is_signed(
    client, world
):
    signatory = world.contract.signatories.get()
    Signatory.objects.filter(pk=signatory.pk).update(signed_on=None)
    client.force_login(world.agent)
    client.post(
        edit_url(world.contract, "signataires", signatory),
        {"role": signatory.role, "signed_on": "2024-01-15"},
    )
    assert Signatory.objects.get(pk=signatory.pk).signed_on == datetime.date(2024, 1, 15)


def test_an_amendment_is_corrected_and_not_dated_in_the_future(client, world):
    amendment = AmendmentFactory(contract=world.contract)
    client.force_login(world.agent)
    refused = client.post(
        edit_url(world.contract, "avenants", amendment),
        {"signed_on": "2027-01-01", "subject": "Révision"},
    )
    client.post(
        edit_url(world.contract, "avenants", amendment),
        {"signed_on": "2026-03-02", "subject": "Révision à mi-parcours (bis)"},
    )
    assert "postérieure à aujourd'hui" in text_of(refused)
    assert Amendment.objects.get(pk=amendment.pk).subject == "Révision à mi-parcours (bis)"


def test_an_objective_moves_within_its_axis_s_tree(client, world):
    general = ObjectiveFactory(axis=world.axis, title="Premier recours")
    other = ObjectiveFactory(axis=world.axis, title="Urgences")
    specific = ObjectiveFactory(
        axis=world.axis, level=ObjectiveLevel.SPECIFIC, parent=general, title="Internes"
    )
    client.force_login(world.agent)
    client.post(
        edit_url(world.contract, "objectifs", specific),
        {
            "axis": world.axis.pk,
            "level": ObjectiveLevel.SPECIFIC,
            "parent": other.pk,
            "title": "Internes",
        },
    )
    assert Objective.objects.get(pk=specific.pk).parent == other


def test_an_objective_with_objectives_under_it_keeps_its_level(client, world):
    general = ObjectiveFactory(axis=world.axis)
    ObjectiveFactory(axis=world.axis, level=ObjectiveLevel.SPECIFIC, parent=general)
    client.force_login(world.agent)
    response = client.post(
        edit_url(world.contract, "objectifs", general),
        {"axis": world.axis.pk, "level": ObjectiveLevel.SPECIFIC, "title": "x"},
    )
    assert "a 1 objectif rattaché : son niveau ne peut changer" in text_of(response)


def test_an_objective_of_a_fiche_action_stays_in_its_axis(client, world):
    general = ObjectiveFactory(axis=world.axis, title="Premier recours")
    world.lead_action.objectives.set([general])
    other_axis = AxisFactory(contract=world.contract, number=2)
    client.force_login(world.agent)
    response = client.post(
        edit_url(world.contract, "objectifs", general),
        {"axis": other_axis.pk, "level": ObjectiveLevel.GENERAL, "title": "Premier recours"},
    )
    assert "est celui de 1 fiche action de son axe : retirez-le d'abord" in text_of(response)
    assert Objective.objects.get(pk=general.pk).axis == world.axis


# --- Removing, guarded ------------------------------------------------------------------------


def test_an_axis_holding_fiches_is_not_removed_and_the_message_says_what_to_do(client, world):
    ActionFactory.create_batch(2, axis=world.axis)  # with the lead's: three
    client.force_login(world.agent)
    response = client.post(delete_url(world.contract, "axes", world.axis))
    assert Axis.objects.filter(pk=world.axis.pk).exists()
    assert (
        "Cet axe contient 3 fiches actions : déplacez-les ou supprimez-les d'abord."
        in messages_of(client, response)
    )


def test_an_empty_axis_is_removed_and_the_removal_is_in_the_history(client, world):
    axis = AxisFactory(contract=world.contract, number=5, title="Axe à retirer")
    client.force_login(world.agent)
    response = client.post(delete_url(world.contract, "axes", axis))
    assert not Axis.objects.filter(pk=axis.pk).exists()
    assert "L'axe a été supprimé." in messages_of(client, response)
    history = client.get(reverse("contract_history", args=[world.contract.pk]))
    assert any(
        entry.change == "Suppression" and "Axe à retirer" in entry.object_label
        for entry in history.context["page"].object_list
    )


def test_an_objective_with_objectives_under_it_is_not_removed(client, world):
    general = ObjectiveFactory(axis=world.axis)
    ObjectiveFactory(axis=world.axis, level=ObjectiveLevel.SPECIFIC, parent=general)
    client.force_login(world.agent)
    response = client.post(delete_url(world.contract, "objectifs", general))
    assert Objective.objects.filter(pk=general.pk).exists()
    assert "rattachez-les à un autre objectif ou supprimez-les d'abord" in messages_of(
        client, response
    )


def test_an_organisation_that_signed_is_not_removed_until_its_signature_is_cleared(client, world):
    signatory = world.contract.signatories.get()
    partner = SignatoryFactory(contract=world.contract, role=SignatoryRole.PARTNER, signed_on=None)
    client.force_login(world.agent)
    refused = client.post(delete_url(world.contract, "signataires", signatory))
    client.post(delete_url(world.contract, "signataires", partner))
    assert "effacez d'abord sa date de signature" in messages_of(client, refused)
    assert list(world.contract.signatories.all()) == [signatory]


def test_a_body_that_met_is_not_removed(client, world):
    body = GovernanceBodyFactory(contract=world.contract, kind=BodyKind.COPIL)
    MeetingFactory(body=body)
    client.force_login(world.coordinator)
    response = client.post(delete_url(world.contract, "instances", body))
    assert GovernanceBody.objects.filter(pk=body.pk).exists()
    assert "Cette instance a tenu 1 réunion : supprimez-les d'abord" in messages_of(
        client, response
    )


def test_a_removal_needs_a_post(client, world):
    client.force_login(world.agent)
    response = client.get(delete_url(world.contract, "axes", world.axis))
    assert response.status_code == 405


# --- The plan's structure ---------------------------------------------------------------------


def test_axes_move_up_and_down_and_are_renumbered_in_their_order(client, world):
    second = AxisFactory(contract=world.contract, number=2, order=2)
    third = AxisFactory(contract=world.contract, number=7, order=3)
    client.force_login(world.agent)
    client.post(reverse("axis_move", args=[world.contract.pk, third.pk, "monter"]))
    client.post(reverse("axes_renumber", args=[world.contract.pk]))
    numbers = dict(world.contract.axes.values_list("pk", "number"))
    assert numbers == {world.axis.pk: 1, third.pk: 2, second.pk: 3}


def test_the_plan_s_structure_page_is_for_the_ars(client, world, django_assert_num_queries):
    AxisFactory.create_batch(3, contract=world.contract)
    client.force_login(world.coordinator)
    assert client.get(reverse("contract_plan", args=[world.contract.pk])).status_code == 403
    client.force_login(world.agent)
    # session, user, roles and scope, the contract with its header, the axes, their
    # objectives (prefetched)
    with django_assert_num_queries(6):
        response = client.get(reverse("contract_plan", args=[world.contract.pk]))
    assert response.status_code == 200
    assert "Renuméroter les axes dans leur ordre" in text_of(response)


# --- The diagnosis ----------------------------------------------------------------------------


def test_the_coordination_writes_the_diagnosis_and_its_findings_readers_see_them(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("diagnosis_edit", args=[world.contract.pk]),
        {"summary": "Population vieillissante, isolement insulaire.", "sources": "INSEE RP 2020"},
    )
    client.post(
        reverse("finding_add", args=[world.contract.pk]),
        {"theme": "access_to_care", "title": "Trois médecins pour 5 600 habitants"},
    )
    client.force_login(world.reader)
    page = text_of(client.get(reverse("contract_diagnosis", args=[world.contract.pk])))
    assert "Population vieillissante" in page and "INSEE RP 2020" in page
    assert "Trois médecins pour 5 600 habitants" in page
    assert "Modifier le diagnostic" not in page
    assert client.get(reverse("diagnosis_edit", args=[world.contract.pk])).status_code == 403


def test_the_diagnosis_tab_costs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    diagnosis = Diagnosis.objects.create(contract=world.contract, summary="Synthèse")
    for n in range(3):
        Finding.objects.create(diagnosis=diagnosis, theme_id="prevention", title=f"Constat {n}")
    client.force_login(world.reader)
    # session, user, roles and scope, the contract with its header, whether the reader
    # coordinates it, the diagnosis, its findings, its documents
    with django_assert_num_queries(8):
        assert (
            client.get(reverse("contract_diagnosis", args=[world.contract.pk])).status_code == 200
        )
