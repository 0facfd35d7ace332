"""« Mot de passe oublié » from the login page: Django's flow in French, the same answer whether
the address has an account or not, throttled, a link that serves once and expires."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from actors.models import Notification
from actors.security import PASSWORD_RESETS_PER_ADDRESS, PASSWORD_RESETS_PER_EMAIL
from tests.actors.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-autre-mot-de-passe-2026"


def ask(client, email, address="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def reset_link(message) -> str:
    return re.search(r"http://[^\s]+/mot-de-passe/nouveau/[^\s]+/", message.body).group(0)


def test_the_login_page_offers_a_forgotten_password_link(client):
    text = client.get(reverse("login")).text
    assert f'href="{reverse("password_reset")}"' in text and "Mot de passe oublié ?" in text


def test_a_known_address_gets_a_link_by_e_mail_recorded_as_a_notification(client):
    user = UserFactory(email="agent@ars.example")
    response = ask(client, "agent@ars.example")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["agent@ars.example"] and "nouveau mot de passe" in message.subject
    assert message.alternatives[0][1] == "text/html"
    assert Notification.objects.get().user == user


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client):
    UserFactory(email="agent@ars.example")
    known = ask(client, "agent@ars.example")
    unknown = ask(client, "personne@nulle-part.example")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1
    done = client.get(known.url).text
    assert "Si un compte actif correspond à cette adresse" in done


def test_the_link_sets_a_new_password_once(client):
    user = UserFactory(email="agent@ars.example")
    ask(client, "agent@ars.example")
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choisissez un nouveau mot de passe" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Mot de passe changé" in done.text
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)

    used = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in used.text
    assert reverse("password_reset") in used.text  # a way to ask again


def test_an_expired_link_is_refused_with_a_way_to_ask_again(client, time_machine):
    UserFactory(email="agent@ars.example")
    ask(client, "agent@ars.example")
    time_machine.shift(datetime.timedelta(hours=2, minutes=1))
    page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Ce lien n'est plus valable" in page.text and "Demander un nouveau lien" in page.text


def test_requests_for_one_address_are_throttled_without_saying_so(client, time_machine):
    UserFactory(email="agent@ars.example")
    answers = set()
    for n in range(PASSWORD_RESETS_PER_EMAIL + 2):
        time_machine.shift(datetime.timedelta(seconds=5))  # a new link each time
        answers.add(ask(client, "agent@ars.example", address=f"203.0.113.{n}").url)
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == PASSWORD_RESETS_PER_EMAIL


def test_requests_from_one_visitor_are_throttled_across_addresses(client):
    for n in range(PASSWORD_RESETS_PER_ADDRESS + 2):
        UserFactory(email=f"agent{n}@ars.example")
        ask(client, f"agent{n}@ars.example")
    assert len(mail.outbox) == PASSWORD_RESETS_PER_ADDRESS


def test_an_invited_or_deactivated_account_gets_no_reset_link(client):
    UserFactory(email="invite@exemple.fr", is_active=False)
    ask(client, "invite@exemple.fr")
    assert mail.outbox == []


def test_the_reset_pages_are_open_to_anonymous_visitors(client):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(name)).status_code == 200
