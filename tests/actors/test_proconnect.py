"""ProConnect against a fake provider (no network): its token, userinfo and key endpoints are
answered in the test. Accounts are matched by the verified address; none is created for an
unknown address; an invited person comes in and their invitation is accepted."""

import time
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

from actors.models import User
from actors.services import account_deactivate, person_invite
from tests.actors.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ISSUER = "https://proconnect.test/api/v2"
CLIENT_ID = "cls-platform"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(autouse=True)
def proconnect(settings):
    settings.PROCONNECT_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "actors.proconnect.ProConnectBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    for name, path in (
        ("AUTHORIZATION", "authorize"),
        ("TOKEN", "token"),
        ("USER", "userinfo"),
        ("JWKS", "jwks"),
    ):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"{ISSUER}/{path}")


class FakeResponse:
    def __init__(self, *, json=None, text="", content_type="application/json"):
        self._json, self.text, self.status_code = json, text, 200
        self.headers = {"content-type": content_type}
        self.url = ISSUER

    def json(self):
        return self._json

    def raise_for_status(self):
        pass


def signed(claims: dict) -> str:
    return jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": "cle-1"})


@pytest.fixture
def provider(monkeypatch):
    """The provider's answers; `claims` is what its userinfo endpoint vouches for."""
    state = {"claims": {}, "nonce": ""}
    jwk = {**RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": "cle-1", "alg": "RS256"}

    def post(url, **kwargs):
        assert url == f"{ISSUER}/token" and kwargs["data"]["code"] == "code-1"
        id_token = signed(
            {
                "iss": ISSUER,
                "aud": CLIENT_ID,
                "sub": "agent-1",
                "nonce": state["nonce"],
                "exp": int(time.time()) + 60,
            }
        )
        return FakeResponse(json={"id_token": id_token, "access_token": "acces-1"})

    def get(url, **kwargs):
        if url == f"{ISSUER}/jwks":
            return FakeResponse(json={"keys": [jwk]})
        assert url == f"{ISSUER}/userinfo"
        assert kwargs["headers"]["Authorization"] == "Bearer acces-1"
        return FakeResponse(text=signed(state["claims"]), content_type="application/jwt")

    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", post)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", get)
    return state


def log_in_with_proconnect(client, provider, **claims):
    provider["claims"] = {"sub": "agent-1", **claims}
    start = client.get(reverse("proconnect_login"))
    assert start.status_code == 302 and start.url.startswith(f"{ISSUER}/authorize?")
    query = parse_qs(urlparse(start.url).query)
    assert query["acr_values"] == ["eidas1"] and "email" in query["scope"][0]
    provider["nonce"] = query["nonce"][0]
    return client.get(
        reverse("proconnect_callback"), {"code": "code-1", "state": query["state"][0]}, follow=True
    )


def test_the_login_page_shows_the_proconnect_button_when_configured(client):
    text = client.get(reverse("login")).text
    assert "S’identifier avec" in text and "ProConnect</span>" in text
    assert "Qu’est-ce que ProConnect ?" in text


def test_without_its_settings_there_is_no_button_and_no_route(client, settings):
    settings.PROCONNECT_ENABLED = False
    assert "ProConnect" not in client.get(reverse("login")).text
    assert client.get(reverse("proconnect_login")).status_code == 404


def test_an_agent_logs_in_with_the_address_proconnect_vouches_for(client, provider):
    agent = UserFactory(email="agent@ars.example")
    response = log_in_with_proconnect(client, provider, email="Agent@ARS.example")
    assert response.wsgi_request.user == agent


def test_an_unknown_address_gets_no_account(client, provider):
    response = log_in_with_proconnect(client, provider, email="inconnu@ars.example")
    assert not response.wsgi_request.user.is_authenticated
    assert "aucun compte actif de la plateforme" in response.text
    assert not User.objects.filter(email="inconnu@ars.example").exists()


def test_an_address_the_provider_did_not_verify_is_refused(client, provider):
    UserFactory(email="agent@ars.example")
    response = log_in_with_proconnect(
        client, provider, email="agent@ars.example", email_verified=False
    )
    assert not response.wsgi_request.user.is_authenticated


def test_an_invited_person_comes_in_and_their_invitation_is_accepted(
    client, provider, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="nouvelle@collectivite.example")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = person_invite(
            person=person, by=None, about="t:1", purpose="lire", landing_url="/"
        )
    response = log_in_with_proconnect(
        client, provider, email="nouvelle@collectivite.example", given_name="Nina"
    )
    account = User.objects.get(email="nouvelle@collectivite.example")
    assert response.wsgi_request.user == account and account.is_active
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_a_deactivated_account_stays_closed(client, provider):
    account_deactivate(user=UserFactory(email="agent@ars.example"))
    response = log_in_with_proconnect(client, provider, email="agent@ars.example")
    assert not response.wsgi_request.user.is_authenticated
