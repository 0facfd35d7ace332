"""Fixtures of the API tests: a DRF client, tokens for any persona, a fresh throttle budget."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from actors.enums import TokenScope
from actors.services import api_token_create

ALL_SCOPES = TokenScope.values


@pytest.fixture(autouse=True)
def _fresh_throttle_budget():
    # Throttling counts calls in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def token_for(user, scopes=ALL_SCOPES) -> str:
    """A new key for `user` with `scopes`."""
    return api_token_create(user=user, name="Outil de test", scopes=scopes)[1]


def client_for(user, scopes=ALL_SCOPES) -> APIClient:
    """A client calling with a token of `user`, as a partner tool would."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, scopes)}")
    return client


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]
