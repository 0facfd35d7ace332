"""Coordination: naming a coordinator by e-mail invites them, whose link sets a password and
opens the contract; a hand-over tells both people; assignments are corrected and ended with
French messages on their fields; rights follow the assignments' dates; the people page."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from actors.models import Invitation, User
from actors.services import account_deactivate
from contracts import access
from contracts.enums import ContractStatus
from reports.selectors import contracts_without_coordinator
from tests.actors.factories import PersonFactory, UserFactory
from tests.clock import TODAY
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def appoint(client, contract, **data):
    fields = {"started_on": "2026-12-01", "fte": "0,8", **data}
    return client.post(reverse("coordinator_assign", args=[contract.pk]), fields)


def current(world):
    return world.contract.coordinator_assignments.get(person__user=world.coordinator)


# --- Naming by e-mail ------------------------------------------------------------------------


def test_naming_a_new_coordinator_by_e_mail_invites_them_to_the_contract(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = appoint(
            client,
            world.contract,
            first_name="Léa",
            last_name="Durand",
            email="lea@exemple.fr",
            started_on=TODAY.isoformat(),
        )
    assert response.status_code == 302

    account = User.objects.get(email="lea@exemple.fr")
    assert not account.is_active and account.person.coordinator_assignments.exists()
    invitation = Invitation.objects.get(user=account)
    assert invitation.invited_by == world.agent
    assert invitation.landing_url == world.contract.get_absolute_url()
    to = {tuple(m.to): m for m in mail.outbox}
    assert "Invitation" in to["lea@exemple.fr",].subject
    # The outgoing coordinator learns their last day and who follows.
    ending = to[world.coordinator.email,]
    assert "21/11/2026" in ending.body and "Léa Durand vous succède" in ending.body

    link = re.search(r"http://[^\s]+/invitation/[^\s/]+/", to["lea@exemple.fr",].body).group(0)
    client.logout()
    landed = client.post(
        link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert landed.redirect_chain[-1][0] == world.contract.get_absolute_url()
    assert landed.status_code == 200 and world.contract.title in landed.text


def test_pending_invitation_shows_in_the_coordination_section_with_resend_and_cancel(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        appoint(
            client,
            world.contract,
            first_name="Léa",
            last_name="Durand",
            email="lea@exemple.fr",
            started_on="2027-01-01",
        )
    text = client.get(world.contract.get_absolute_url()).text
    assert "À venir" in text and "Invitation en attente" in text
    assert "Renvoyer l'invitation" in text and "Annuler l'invitation" in text

    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("invitation_resend", args=[invitation.pk]),
            {"next": world.contract.get_absolute_url()},
        )
    assert Invitation.objects.get().sends == 2
    response = client.post(
        reverse("invitation_cancel", args=[invitation.pk])
        + f"?next={world.contract.get_absolute_url()}"
    )
    assert response.url == world.contract.get_absolute_url()
    assert Invitation.objects.get().cancelled_at is not None


def test_naming_an_address_that_has_an_account_links_it(client, world):
    client.force_login(world.agent)
    appoint(
        client,
        world.contract,
        first_name="Autre",
        last_name="Nom",
        email=world.lead.email.upper(),
    )
    newest = world.contract.coordinator_assignments.order_by("-started_on").first()
    assert newest.person.user == world.lead
    assert not Invitation.objects.exists()


def test_a_malformed_address_is_refused_on_its_field(client, world):
    client.force_login(world.agent)
    response = appoint(
        client, world.contract, first_name="Léa", last_name="Durand", email="lea@@exemple"
    )
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide" in response.text
    assert world.contract.coordinator_assignments.count() == 1


def test_an_address_of_another_known_person_is_refused_on_its_field(client, world):
    PersonFactory(first_name="Jeanne", last_name="Martin", email="jm@exemple.fr")
    client.force_login(world.agent)
    response = appoint(
        client, world.contract, first_name="Léa", last_name="Durand", email="jm@exemple.fr"
    )
    assert "déjà celle de Jeanne Martin" in response.text
    assert world.contract.coordinator_assignments.count() == 1


def test_a_deactivated_account_is_refused_and_nothing_is_half_created(client, world):
    account_deactivate(user=UserFactory(email="parti@exemple.fr"))
    client.force_login(world.agent)
    response = appoint(
        client, world.contract, first_name="Paul", last_name="Parti", email="parti@exemple.fr"
    )
    assert "a été désactivé" in response.text
    assert world.contract.coordinator_assignments.count() == 1
    assert current(world).ended_on is None
    assert mail.outbox == []


def test_more_than_one_fte_is_refused_on_its_field(client, world):
    client.force_login(world.agent)
    response = appoint(client, world.contract, first_name="Léa", last_name="Durand", fte="1,5")
    assert "inférieure ou égale à 1" in response.text


# --- Correcting and ending ---------------------------------------------------------------------


def test_ars_staff_correct_the_dates_of_an_assignment(client, world):
    assignment = current(world)
    client.force_login(world.agent)
    url = reverse("coordination_edit", args=[world.contract.pk, assignment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"started_on": "2024-02-01", "ended_on": "", "fte": "1"})
    assignment.refresh_from_db()
    assert assignment.started_on == datetime.date(2024, 2, 1)


def test_an_end_before_the_start_is_refused_on_its_field(client, world):
    assignment = current(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("coordination_edit", args=[world.contract.pk, assignment.pk]),
        {"started_on": "2024-02-01", "ended_on": "2024-01-01"},
    )
    assert "La fin de la mission précède son début." in response.text


def test_overlapping_assignments_are_refused(client, world):
    earlier = CoordinatorAssignmentFactory(
        contract=world.contract,
        started_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2023, 12, 31),
    )
    client.force_login(world.agent)
    response = client.post(
        reverse("coordination_edit", args=[world.contract.pk, earlier.pk]),
        {"started_on": "2022-01-01", "ended_on": "2024-06-30"},
    )
    assert "chevauche la coordination" in response.text
    earlier.refresh_from_db()
    assert earlier.ended_on == datetime.date(2023, 12, 31)


def test_ending_an_assignment_tells_the_coordinator_and_ends_their_rights(
    client, world, time_machine, django_capture_on_commit_callbacks
):
    assignment = current(world)
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coordination_end", args=[world.contract.pk, assignment.pk]),
            {"ended_on": "2026-11-30"},
        )
    assignment.refresh_from_db()
    assert assignment.ended_on == datetime.date(2026, 11, 30)
    [message] = mail.outbox
    assert message.to == [world.coordinator.email] and "30/11/2026" in message.body

    coordinator = User.objects.get(pk=world.coordinator.pk)
    assert access.can_coordinate_contract(coordinator, world.contract)
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    coordinator = User.objects.get(pk=world.coordinator.pk)
    assert not access.can_coordinate_contract(coordinator, world.contract)
    client.force_login(coordinator)
    assert client.get(reverse("values_grid", args=[world.contract.pk])).status_code == 404


def test_an_end_before_the_start_of_the_mission_is_refused(client, world):
    assignment = current(world)
    client.force_login(world.agent)
    response = client.post(
        reverse("coordination_end", args=[world.contract.pk, assignment.pk]),
        {"ended_on": "2020-01-01"},
    )
    assert "ne peut précéder le début" in response.text


@pytest.mark.parametrize("persona", ["coordinator", "lead", "reader", "other_agent"])
def test_only_ars_staff_correct_or_end_a_coordination(client, world, persona):
    assignment = current(world)
    client.force_login(getattr(world, persona))
    for name in ("coordination_edit", "coordination_end"):
        response = client.get(reverse(name, args=[world.contract.pk, assignment.pk]))
        assert response.status_code in (403, 404)


# --- Rights follow the dates ------------------------------------------------------------------


def test_a_coordinator_starting_later_has_no_rights_before_their_first_day(world, time_machine):
    person = PersonFactory(user=UserFactory())
    CoordinatorAssignmentFactory(
        contract=world.contract, person=person, started_on=datetime.date(2027, 1, 1)
    )
    assert not access.can_coordinate_contract(User.objects.get(pk=person.user.pk), world.contract)
    assert not access.is_contract_visible(User.objects.get(pk=person.user.pk), world.contract.pk)
    time_machine.move_to(datetime.datetime(2027, 1, 1, 9, 0, tzinfo=datetime.UTC))
    assert access.can_coordinate_contract(User.objects.get(pk=person.user.pk), world.contract)


def test_an_upcoming_coordinator_is_shown_as_upcoming_not_as_previous(client, world):
    CoordinatorAssignmentFactory(
        contract=world.contract,
        person=PersonFactory(first_name="Zoé", last_name="Avenir"),
        started_on=datetime.date(2027, 1, 1),
    )
    client.force_login(world.agent)
    text = client.get(world.contract.get_absolute_url()).text
    upcoming = text.index("À venir")
    assert text.index("Zoé Avenir") > upcoming
    assert "Coordinations précédentes" not in text


@pytest.mark.parametrize("status", [ContractStatus.CLOSED, ContractStatus.ABANDONED])
def test_a_finished_or_abandoned_contract_is_never_flagged_without_coordinator(
    client, world, status
):
    contract = ContractFactory(ars=world.contract.ars, status=status)
    assert contract not in contracts_without_coordinator(type(contract).objects.all(), TODAY)
    client.force_login(world.agent)
    text = client.get(contract.get_absolute_url()).text
    assert "fr-alert--warning fr-alert--sm" not in text


# --- The people page -----------------------------------------------------------------------------


def test_ars_staff_see_the_people_of_their_region_with_roles_and_last_login(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.agent)
    with django_capture_on_commit_callbacks(execute=True):
        appoint(
            client,
            world.contract,
            first_name="Léa",
            last_name="Durand",
            email="lea@exemple.fr",
            started_on="2027-01-01",
        )
    rows = {row.email: row for row in client.get(reverse("people")).context["page"].object_list}
    assert ("Coordination", world.contract) in rows[world.coordinator.email].roles
    assert ("Pilote de la fiche 1.1", world.contract) in rows[world.lead.email].roles
    assert rows["lea@exemple.fr"].invitation is not None
    assert ("Coordination à venir", world.contract) in rows["lea@exemple.fr"].roles
    assert any("CC de Belle-Île-en-Mer" in label for label, _ in rows[world.reader.email].roles)
    assert world.other_agent.email not in rows


@pytest.mark.parametrize("size", [1, 5])
def test_the_people_page_query_count_does_not_grow_with_people(
    client, world, django_assert_num_queries, size
):
    client.force_login(world.agent)
    for _ in range(size):
        CoordinatorAssignmentFactory(
            contract=ContractFactory(ars=world.contract.ars),
            person=PersonFactory(user=UserFactory(is_active=False)),
        )
    # Session, user, roles; whether the user sees any contract; their titles; coordinations,
    # leads, signatories' representatives, indicators' follow-up; the people with their
    # accounts; the members of signatory organisations; the invitations waiting.
    with django_assert_num_queries(12):
        response = client.get(reverse("people"))
    assert response.status_code == 200


def test_the_people_page_is_refused_to_those_who_coordinate_nothing(client, world):
    for persona in ("reader", "lead"):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("people")).status_code == 403


def test_a_coordinator_sees_the_people_of_their_contract_but_deactivates_nobody(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("people"))
    assert response.status_code == 200 and "Désactiver le compte" not in response.text
    assert client.post(reverse("account_deactivate", args=[world.lead.pk])).status_code == 404
    assert User.objects.get(pk=world.lead.pk).is_active


def test_ars_staff_deactivate_an_account_of_their_region(client, world):
    client.force_login(world.agent)
    response = client.post(reverse("account_deactivate", args=[world.lead.pk]))
    assert response.status_code == 302
    assert User.objects.get(pk=world.lead.pk).is_deactivated


def test_ars_staff_of_another_region_cannot_deactivate_it(client, world):
    client.force_login(world.other_agent)
    assert client.post(reverse("account_deactivate", args=[world.lead.pk])).status_code == 404
    assert User.objects.get(pk=world.lead.pk).is_active


def test_nobody_deactivates_an_administrator_or_themselves(client, world):
    client.force_login(world.agent)
    for account in (world.admin, world.agent):
        assert client.post(reverse("account_deactivate", args=[account.pk])).status_code == 404
