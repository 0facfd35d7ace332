"""Logging in and out with an e-mail address, on the plain home page."""

import pytest
from django.urls import reverse

from tests.actors.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_sees_the_home_page_with_a_login_link(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Se connecter" in response.text


def test_user_logs_in_with_email_and_password(client):
    user = UserFactory(email="agent@ars.example")
    response = client.post(
        reverse("login"), {"username": "agent@ars.example", "password": PASSWORD}, follow=True
    )
    assert response.wsgi_request.user == user
    assert "agent@ars.example" in response.text


def test_wrong_password_is_refused_in_french(client):
    UserFactory(email="agent@ars.example")
    response = client.post(reverse("login"), {"username": "agent@ars.example", "password": "non"})
    assert response.status_code == 200
    assert "Saisissez" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_user_logs_out(client):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"), follow=True)
    assert not response.wsgi_request.user.is_authenticated
