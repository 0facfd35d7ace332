"""Prepared statements: the roles-and-scope statement is prepared, the ORM's never are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import User
from contracts import access

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements exist on PostgreSQL only"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_the_access_statement_is_prepared_once_and_logged_as_a_query(world):
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    # The connection's own record of what it prepared must forget it too.
    connection.connection._prepared.clear()
    agent = User.objects.get(pk=world.agent.pk)
    with CaptureQueriesContext(connection) as queries:
        access.roles_of(agent)
    assert [query["sql"] for query in queries] == [access._access_sql()]
    access.roles_of(User.objects.get(pk=world.coordinator.pk))
    for _ in range(6):
        User.objects.get(pk=world.agent.pk)  # an ORM query, run more than the threshold

    statements = prepared_statements()

    assert len(statements) == 1
    assert "actors_membership" in statements[0]
    assert access.roles_of(User.objects.get(pk=world.agent.pk)).ars_region_ids


def test_prepared_statements_can_be_turned_off_for_poolers(world):
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection.connection._prepared.clear()
    connection.settings_dict["OPTIONS"]["prepare_threshold"] = None
    try:
        access.roles_of(User.objects.get(pk=world.agent.pk))
    finally:
        connection.settings_dict["OPTIONS"]["prepare_threshold"] = 5

    assert prepared_statements() == []


def test_form_choices_are_read_without_a_server_side_cursor():
    # `QuerySet.iterator()`, which every drop-down list uses, reads like any query.
    assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True
