"""API tokens: created and revoked from the account page or the command line, stored hashed,
never granting more than their owner has."""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from actors.enums import TokenScope
from actors.models import ApiToken
from actors.services import api_token_create, api_token_revoke
from tests.api.conftest import client_for, ids


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_stored_as_the_hash_of_its_key(world):
    token, key = api_token_create(user=world.reader, name="Intranet", scopes=["read"])
    assert key.startswith("cls_") and len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values().get())


def test_unknown_scopes_are_refused(world):
    with pytest.raises(Exception, match="Droits inconnus"):
        api_token_create(user=world.reader, name="Intranet", scopes=["read", "admin"])


def test_a_token_acts_as_its_owner(world):
    client = client_for(world.reader)
    assert ids(client.get("/api/v1/contracts/")) == [world.contract.pk]


def test_bearer_is_accepted_as_well_as_token(world):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.reader, name='x', scopes=['read'])[1]}"
    )
    assert client.get("/api/v1/contracts/").status_code == 200


def test_a_revoked_token_no_longer_opens_anything(world):
    token, key = api_token_create(user=world.agent, name="Entrepôt", scopes=["read"])
    api_token_revoke(token=token)
    response = with_key(key).get("/api/v1/contracts/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_token_of_a_deactivated_account_no_longer_opens_anything(world):
    _, key = api_token_create(user=world.agent, name="Entrepôt", scopes=["read"])
    world.agent.is_active = False
    world.agent.save()
    assert with_key(key).get("/api/v1/contracts/").status_code == 401


def test_an_unknown_or_malformed_key_is_refused(world):
    assert with_key("cls_inconnu").get("/api/v1/contracts/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token deux mots")
    assert client.get("/api/v1/contracts/").status_code == 401


def test_a_write_only_token_cannot_read(world):
    client = client_for(world.coordinator, scopes=[TokenScope.VALUES_WRITE])
    response = client.get("/api/v1/contracts/")
    assert response.status_code == 403
    assert "read" in response.json()["message"]


def test_a_token_never_grants_more_than_its_owner_has(world):
    # The reader's token holds every scope; the reader may change nothing.
    client = client_for(world.reader)
    response = client.patch(
        f"/api/v1/actions/{world.lead_action.pk}/", {"title": "Non"}, format="json"
    )
    assert response.status_code == 403


def test_a_session_works_as_well_as_a_token(world, api):
    api.force_login(world.agent)
    assert ids(api.get("/api/v1/contracts/")) == [world.contract.pk]


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    response = client.patch(
        f"/api/v1/actions/{world.lead_action.pk}/", {"title": "Sans CSRF"}, format="json"
    )
    assert response.status_code == 403


def test_last_use_of_a_token_is_recorded(world):
    token, key = api_token_create(user=world.agent, name="Entrepôt", scopes=["read"])
    with_key(key).get("/api/v1/contracts/")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_user_creates_a_token_from_the_account_page_and_sees_its_key_once(world, client):
    client.force_login(world.reader)
    response = client.post(
        reverse("account"), {"name": "Intranet de la CC", "scopes": ["read", "values:write"]}
    )
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=world.reader)
    assert token.scopes == ["read", "values:write"]
    assert with_key(key).get("/api/v1/contracts/").status_code == 200
    page = client.get(reverse("account")).content.decode()
    assert key not in page
    assert token.key_start in page


def test_account_page_refuses_a_token_without_scope(world, client):
    client.force_login(world.reader)
    response = client.post(reverse("account"), {"name": "Sans droit"})
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert not ApiToken.objects.exists()


def test_user_revokes_their_token_from_the_account_page(world, client):
    token, key = api_token_create(user=world.reader, name="Intranet", scopes=["read"])
    client.force_login(world.reader)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert with_key(key).get("/api/v1/contracts/").status_code == 401


def test_nobody_revokes_the_token_of_someone_else(world, client):
    token, _ = api_token_create(user=world.reader, name="Intranet", scopes=["read"])
    client.force_login(world.agent)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_header_links_to_the_account_page(world, client):
    client.force_login(world.reader)
    assert reverse("account") in client.get(reverse("home")).content.decode()


def test_command_prints_a_key_with_the_given_scopes(world, capsys):
    call_command(
        "create_api_token", world.reader.email, "--scope", "read", "--scope", "values:write"
    )
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=world.reader)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.scopes == ["read", "values:write"]


def test_command_refuses_an_unknown_account(db):
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("create_api_token", "personne@exemple.fr")
