"""Invitations: a person named with an e-mail address gets an inactive account and a link to
choose its password (single use, seven days), landing on their workspace; an address that has
an account is linked instead; a deactivated account is refused; nothing is half-created."""

import datetime
import re
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from actors.models import Invitation, Notification, Person, User
from actors.services import invitation_cancel, invitation_resend, person_invite
from tests.actors.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def invitation_link(message) -> str:
    return re.search(r"http://[^\s]+/invitation/[^\s/]+/", message.body).group(0)


def invite(person, by=None, **extra):
    return person_invite(
        person=person,
        by=by,
        about=extra.get("about", "test:1"),
        purpose="coordonner le contrat « CLS de Belle-Île-en-Mer »",
        landing_url=extra.get("landing_url", "/contracts/1/"),
    )


@pytest.fixture
def newcomer(db):
    return PersonFactory(first_name="Léa", last_name="Durand", email="Lea.Durand@Exemple.fr")


def test_a_new_address_gets_an_inactive_account_and_a_french_e_mail(
    newcomer, django_capture_on_commit_callbacks
):
    inviter = UserFactory(first_name="Anne", last_name="Agent")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer, by=inviter)

    account = User.objects.get(email="lea.durand@exemple.fr")
    assert not account.is_active and not account.has_usable_password()
    assert Person.objects.get(pk=newcomer.pk).user == account
    assert invitation.user == account and invitation.is_pending
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["lea.durand@exemple.fr"]
    assert "Invitation sur la plateforme des CLS" in message.subject
    assert "Anne Agent vous invite" in message.body
    assert "coordonner le contrat « CLS de Belle-Île-en-Mer »" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Choisir mon mot de passe" in html
    # Only the token's hash is stored.
    token = invitation_link(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash


def test_the_link_sets_the_password_once_and_lands_on_the_workspace(
    client, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer, landing_url="/contracts/42/")
    link = invitation_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200 and "Ouvrir votre compte" in page.text
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response.url == "/contracts/42/"
    account = User.objects.get(email="lea.durand@exemple.fr")
    assert account.is_active and account.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(account.pk)
    again = client.get(link)
    assert again.status_code == 410 and "déjà servi" in again.text


def test_a_weak_password_is_refused_on_its_field(
    client, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer)
    link = invitation_link(mail.outbox[0])
    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200 and "fr-message--error" in response.text
    assert not User.objects.get(email="lea.durand@exemple.fr").is_active


def test_an_expired_link_says_so_and_how_to_get_another(
    client, newcomer, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(newcomer, by=UserFactory(first_name="Anne", last_name="Agent"))
    link = invitation_link(mail.outbox[0])
    time_machine.shift(datetime.timedelta(days=7, minutes=1))

    response = client.get(link)
    assert response.status_code == 410
    assert (
        "a expiré" in response.text
        and "Demandez" in response.text
        and "Anne Agent" in response.text
    )
    assert (
        client.post(
            link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        ).status_code
        == 410
    )


def test_an_unknown_link_is_refused(client):
    response = client.get(reverse("invitation_accept", args=["nimporte-quoi"]))
    assert response.status_code == 410 and "aucune invitation en cours" in response.text


def test_resending_makes_a_new_link_and_the_old_one_stops_working(
    client, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=invitation)

    first, second = (invitation_link(message) for message in mail.outbox)
    assert first != second
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert Invitation.objects.get().sends == 2


def test_a_cancelled_invitation_no_longer_opens_the_account_but_can_be_made_again(
    client, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer)
    invitation_cancel(invitation=invitation)
    assert client.get(invitation_link(mail.outbox[0])).status_code == 410

    with django_capture_on_commit_callbacks(execute=True):
        again = invite(newcomer, about="test:2")
    assert again.pk != invitation.pk and again.is_pending


def test_an_address_with_an_account_links_that_account_and_tells_them(
    django_capture_on_commit_callbacks,
):
    account = UserFactory(email="lea.durand@exemple.fr", first_name="Léa")
    person = PersonFactory(email="LEA.DURAND@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(person) is None

    person.refresh_from_db()
    assert person.user == account and not Invitation.objects.exists()
    [message] = mail.outbox
    assert "vous êtes désigné·e" in message.subject
    assert "vos identifiants habituels" in message.body


def test_a_deactivated_account_is_refused_with_an_explanation(django_capture_on_commit_callbacks):
    from actors.services import account_deactivate

    account = account_deactivate(user=UserFactory(email="lea.durand@exemple.fr"))
    person = PersonFactory(email="lea.durand@exemple.fr")
    with pytest.raises(Exception) as refusal:
        invite(person)
    assert "désactivé" in str(refusal.value)
    person.refresh_from_db()
    assert person.user is None and mail.outbox == [] and not account.invitations.exists()


def test_nothing_is_lost_when_the_mail_server_is_down(
    newcomer, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(message, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refused)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(newcomer)

    notification = Notification.objects.get()
    assert notification.sent_at is None and mail.outbox == []
    assert invitation.is_pending  # it stays pending, and can be resent
    monkeypatch.undo()
    from actors.services import notifications_pending_deliver

    assert notifications_pending_deliver() == 1
    assert [message.to for message in mail.outbox] == [["lea.durand@exemple.fr"]]


# --- An action lead named by e-mail ------------------------------------------------------------


def sheet_form(world, **fields):
    from tests.actions.test_action_sheets import form_data

    return form_data(axis=world.axis.pk, **fields)


def test_a_new_action_lead_named_by_e_mail_is_invited_to_their_fiche(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("action_create", args=[world.contract.pk]),
            sheet_form(
                world,
                new_lead_first_name="Paul",
                new_lead_last_name="Pilote",
                new_lead_email="paul.pilote@exemple.fr",
            ),
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(user__email="paul.pilote@exemple.fr")
    assert invitation.landing_url == response.url  # the new fiche
    assert invitation.invited_by == world.coordinator
    [message] = mail.outbox
    assert "piloter la fiche action 1.2" in message.body

    client.logout()
    link = invitation_link(message)
    landed = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert landed.url == response.url
    assert client.get(response.url).status_code == 200  # the lead opens their fiche


def test_a_malformed_lead_address_gets_a_message_on_its_field(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("action_create", args=[world.contract.pk]),
        sheet_form(
            world,
            new_lead_first_name="Paul",
            new_lead_last_name="Pilote",
            new_lead_email="paul.pilote@",
        ),
    )
    assert response.status_code == 200 and "adresse e-mail valide" in response.text
    assert not Invitation.objects.exists()


def test_naming_an_existing_account_as_lead_links_it(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("action_create", args=[world.contract.pk]),
            sheet_form(
                world,
                new_lead_first_name="Autre",
                new_lead_last_name="Nom",
                new_lead_email=world.lead.email,
            ),
        )
    action = world.contract.actions.get(number="1.2")
    assert action.lead_person.user == world.lead
    assert not Invitation.objects.exists()
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
