"""`/healthz` reports each dependency and answers 503 when one is down."""

import pytest
from django.urls import reverse

from config import health

pytestmark = pytest.mark.django_db


def test_healthy_platform_answers_200_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "disabled", "storage": "ok"}


def test_unreachable_broker_answers_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
    assert response.json()["status"] == "error"


def test_reachable_broker_is_ok(client, settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Pas de Redis local sur 127.0.0.1:6379.")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert client.get(reverse("healthz")).json()["checks"]["broker"] == "ok"


def test_database_down_answers_503(client, monkeypatch):
    def broken():
        raise OSError("connexion refusée")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_every_response_carries_a_request_id_and_a_csp(client):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "proxy-1234abcd"})
    assert response["X-Request-ID"] == "proxy-1234abcd"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_malformed_request_id_is_replaced(client):
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "<script>"})
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32
