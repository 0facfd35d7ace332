"""Who resends or cancels an invitation: whoever sent it, the ARS staff of the région of the
contracts the person takes part in, and administrators; for anyone else, it does not exist."""

import pytest
from django.urls import reverse

from actors.models import Invitation
from actors.services import person_invite
from tests.actions.factories import ActionFactory
from tests.actors.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(world, django_capture_on_commit_callbacks):
    """A new lead named by the coordinator, invited by them."""
    person = PersonFactory(email="nouveau.pilote@exemple.fr")
    action = ActionFactory(axis=world.axis, number="1.2", lead_person=person)
    with django_capture_on_commit_callbacks(execute=True):
        return person_invite(
            person=person,
            by=world.coordinator,
            about=f"lead:{action.pk}",
            purpose="piloter la fiche action 1.2",
            landing_url="/",
        )


@pytest.mark.parametrize("persona", ["coordinator", "agent", "admin"])
def test_the_inviter_the_regions_staff_and_administrators_resend_and_cancel(
    client, world, invitation, persona, django_capture_on_commit_callbacks
):
    client.force_login(getattr(world, persona))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 302
    assert Invitation.objects.get().sends == 2
    assert client.post(reverse("invitation_cancel", args=[invitation.pk])).status_code == 302
    assert Invitation.objects.get().cancelled_at is not None


@pytest.mark.parametrize("persona", ["lead", "reader", "other_agent"])
def test_anyone_else_is_told_the_invitation_does_not_exist(client, world, invitation, persona):
    client.force_login(getattr(world, persona))
    assert client.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("invitation_cancel", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.get().sends == 1 and Invitation.objects.get().is_pending


def test_a_cancelled_invitation_is_not_resent_and_the_message_says_why(client, world, invitation):
    client.force_login(world.coordinator)
    client.post(reverse("invitation_cancel", args=[invitation.pk]))
    response = client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "déjà été acceptée ou annulée" in response.text
    assert Invitation.objects.get().sends == 1
