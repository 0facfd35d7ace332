"""The account page: changing one's password, choosing the weekly digest; and the
deactivation of an account, which revokes its API tokens and ends its sessions."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from actors.models import User
from actors.services import account_deactivate, api_token_create
from reports.services import weekly_digest_send
from tests.actors.factories import PASSWORD, UserFactory
from tests.clock import TODAY
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-autre-mot-de-passe-2026"


def test_everyone_changes_their_password_and_other_sessions_end(client, world):
    other_browser = type(client)()
    other_browser.force_login(world.reader)
    client.force_login(world.reader)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("account")
    world.reader.refresh_from_db()
    assert world.reader.check_password(NEW_PASSWORD)
    assert client.get(reverse("account")).status_code == 200  # this session goes on
    assert other_browser.get(reverse("account")).status_code == 302  # the other one ended


def test_a_wrong_current_password_is_refused_on_its_field(client, world):
    client.force_login(world.reader)
    response = client.post(
        reverse("password_change"),
        {"old_password": "non", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "fr-message--error" in response.text


def test_the_account_page_offers_the_digest_choice_with_a_pinned_query_count(
    client, world, django_assert_num_queries
):
    client.force_login(world.coordinator)
    # Session, user, the tokens, the memberships.
    with django_assert_num_queries(4):
        text = client.get(reverse("account")).text
    assert "Recevoir le point hebdomadaire par courriel" in text
    assert reverse("password_change") in text


def test_a_coordinator_who_opts_out_gets_no_weekly_digest(client, world):
    ContractFactory()  # nothing changes for the others
    client.force_login(world.agent)
    client.post(reverse("account_preferences"), {})
    world.agent.refresh_from_db()
    assert not world.agent.receives_weekly_digest

    # A contract of the agent's région without a coordinator would be in their digest.
    ContractFactory(ars=world.contract.ars, territory=world.contract.territory)
    weekly_digest_send(on=TODAY - datetime.timedelta(days=TODAY.weekday()))
    assert world.agent.email not in {address for m in mail.outbox for address in m.to}

    client.post(reverse("account_preferences"), {"receives_weekly_digest": "on"})
    world.agent.refresh_from_db()
    assert world.agent.receives_weekly_digest


def test_deactivating_an_account_revokes_its_tokens_and_ends_its_sessions(client, world):
    token, _ = api_token_create(user=world.coordinator, name="Tableur", scopes=["read"])
    client.force_login(world.coordinator)
    assert Session.objects.count() == 1

    account_deactivate(user=world.coordinator)

    account = User.objects.get(pk=world.coordinator.pk)
    assert not account.is_active and account.deactivated_at is not None
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Session.objects.count() == 0
    assert client.get(reverse("account")).status_code == 302  # back to the login page
    assert not client.login(email=account.email, password=PASSWORD)


def test_the_admin_deactivates_through_the_service(client, world):
    token, _ = api_token_create(user=world.reader, name="Tableur", scopes=["read"])
    client.force_login(world.admin)
    client.post(
        reverse("admin:actors_user_changelist"),
        {"action": "deactivate", "_selected_action": [world.reader.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert User.objects.get(pk=world.reader.pk).is_deactivated


def test_the_admin_does_not_deactivate_their_own_account(client, world):
    client.force_login(world.admin)
    client.post(
        reverse("admin:actors_user_changelist"),
        {"action": "deactivate", "_selected_action": [world.admin.pk]},
    )
    assert User.objects.get(pk=world.admin.pk).is_active


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for name in ("account", "password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response.url


def test_a_new_user_receives_the_digest_by_default():
    assert UserFactory().receives_weekly_digest
