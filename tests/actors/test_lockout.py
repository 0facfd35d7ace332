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
