"""ORM lookups compiled once (config/fastpaths/statements.py): the same objects as the ORM, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from actors.authentication import active_token_with_user
from actors.enums import TokenScope
from actors.models import ApiToken, api_key_hash
from actors.services import api_token_create, api_token_revoke
from config.fastpaths.statements import CompiledLookup
from tests.actions.factories import ActionFactory
from tests.actors.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {key: value for key, value in vars(instance).items() if key != "_state"}


def test_the_token_and_its_owner_are_those_the_orm_finds_in_one_query():
    user = UserFactory()
    token, key = api_token_create(user=user, name="Observatoire", scopes=[TokenScope.READ])
    expected = ApiToken.objects.select_related("user").get(pk=token.pk)

    for _ in range(7):  # past PostgreSQL's threshold for preparing the statement
        with CaptureQueriesContext(connection) as queries:
            found = active_token_with_user(key_hash=api_key_hash(key))
            owner = found.user
        assert len(queries) == 1
    assert fields_of(found) == fields_of(expected)
    assert found.scopes == ["read"]  # JSON read back as a list, as the ORM does
    assert fields_of(owner) == fields_of(expected.user)
    assert not found._state.adding and found._state.db == "default"


def test_nothing_is_found_for_an_unknown_or_revoked_token_or_an_inactive_owner():
    user = UserFactory()
    token, key = api_token_create(user=user, name="Observatoire", scopes=[TokenScope.READ])
    assert active_token_with_user(key_hash=api_key_hash(key + "x")) is None

    api_token_revoke(token=token)
    assert active_token_with_user(key_hash=api_key_hash(key)) is None

    other = UserFactory()
    _, other_key = api_token_create(user=other, name="Ancien", scopes=[TokenScope.READ])
    other.is_active = False
    other.save()
    assert active_token_with_user(key_hash=api_key_hash(other_key)) is None


def test_an_empty_outer_join_gives_no_related_object():
    led = ActionFactory(title="Dépistage", lead_person=PersonFactory())
    ActionFactory(title="Sans pilote", lead_person=None)
    lookup = CompiledLookup(
        lambda title: Action.objects.select_related("lead_person").filter(title=title),
        "title",
    )

    assert lookup(title="Sans pilote").lead_person is None
    found = lookup(title="Dépistage")
    assert found.pk == led.pk
    assert fields_of(found.lead_person) == fields_of(led.lead_person)


def test_a_value_the_orm_transforms_is_refused_at_once():
    # A placeholder must reach the SQL untouched (`contains` wraps it in %), or the lookup
    # would search for it literally.
    lookup = CompiledLookup(lambda title: Action.objects.filter(title__contains=title), "title")

    with pytest.raises(ValueError, match="une fois"):
        lookup(title="Dépistage")
