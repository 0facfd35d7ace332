"""Brute force on the login page: the account is locked out after repeated failures."""

import pytest
from django.urls import reverse

from tests.actors.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, password):
    return client.post(reverse("login"), {"username": "agent@ars.example", "password": password})


def test_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, axes_on, caplog
):
    UserFactory(email="agent@ars.example")
    for _ in range(3):
        attempt(client, "mauvais")
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.text
    assert not response.wsgi_request.user.is_authenticated
    assert any("lock" in record.getMessage().lower() for record in caplog.records)


def test_a_successful_login_resets_the_failure_count(client, axes_on):
    UserFactory(email="agent@ars.example")
    attempt(client, "mauvais")
    attempt(client, "mauvais")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    attempt(client, "mauvais")
    assert attempt(client, PASSWORD).status_code == 302


# --- Behind the documented reverse proxy (PROXY_COUNT=1) ---------------------------------------


@pytest.fixture
def behind_one_proxy(settings, axes_on):
    """As in production behind one reverse proxy: every request comes from the proxy's own
    address, which appends the client's to X-Forwarded-For."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def attempt_from(client, address, password, email="agent@ars.example", forwarded=""):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR=f"{forwarded}{address}",
    )


def test_behind_the_proxy_a_lock_out_is_for_the_account_and_the_client_address_only(
    client, behind_one_proxy
):
    UserFactory(email="agent@ars.example")
    for _ in range(3):
        attempt_from(client, "203.0.113.7", "mauvais")

    assert attempt_from(client, "203.0.113.7", PASSWORD).status_code == 429
    # The agent, at the office, is not locked out by someone else's failures.
    assert attempt_from(client, "198.51.100.20", PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock_out(client, behind_one_proxy):
    UserFactory(email="agent@ars.example")
    for n in range(3):
        attempt_from(client, "203.0.113.7", "mauvais", forwarded=f"192.0.2.{n}, ")

    # The proxy appended the address it saw: the rightmost one is the client's.
    assert (
        attempt_from(client, "203.0.113.7", PASSWORD, forwarded="192.0.2.99, ").status_code == 429
    )


def test_password_spraying_across_accounts_is_throttled_per_address(
    client, behind_one_proxy, settings
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    users = UserFactory.create_batch(5)
    statuses = [
        attempt_from(client, "203.0.113.7", "mauvais", email=user.email).status_code
        for user in users
    ]

    assert statuses == [200, 200, 200, 200, 429]
    # Even the right password waits, from that address; another address is not concerned.
    assert attempt_from(client, "203.0.113.7", PASSWORD, email=users[0].email).status_code == 429
    assert attempt_from(client, "198.51.100.20", PASSWORD, email=users[0].email).status_code == 302
