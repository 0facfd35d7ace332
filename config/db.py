"""Statements PostgreSQL keeps prepared on each connection (docs/performance.md).

Planning the statement that reads a user's roles and contract scope took longer than running
it, and every scoped request runs it. A prepared statement is parsed and planned on its first
run on a connection; PostgreSQL may then keep one generic plan for every parameter. That suits
only statements whose best plan does not depend on their parameters: the lists filtered on a
user's contracts do (a generic plan walked 50,000 actions for a user with one contract), so
ORM queries are never prepared (Django's cursors bind parameters on the client).
"""

import functools
from contextlib import contextmanager

from django.db import connection


@contextmanager
def prepared_cursor():
    """A cursor whose statements are prepared on their first run, on PostgreSQL when
    `DATABASE_PREPARED_STATEMENTS` allows it; an ordinary cursor otherwise."""
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # Wrapped as Django wraps its own cursors: query logging, execute wrappers, errors.
        cursor = connection._prepare_cursor(_prepared_cursor_class()(connection.connection))
    with cursor:
        yield cursor


@functools.cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        """Parameters bound by the server, and every statement prepared at once."""

        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparedCursor
