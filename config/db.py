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
from django.db.backends.utils import CursorWrapper


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
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    prepared_class, debug_class = _cursor_classes()
    with connection.wrap_database_errors:
        cursor = prepared_class(connection.connection)
    # Wrapped as Django wraps its own cursors (execute wrappers, errors), and logged when
    # queries are (tests count them).
    wrapper = debug_class if connection.queries_logged else CursorWrapper
    with wrapper(cursor, connection) as wrapped:
        yield wrapped


@functools.cache
def _cursor_classes():
    from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        """Parameters bound by the server, and every statement prepared at once."""

        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    class PreparedDebugWrapper(CursorDebugWrapper):
        def execute(self, sql, params=None):
            # Logged as written: psycopg keeps no text of a prepared statement's run.
            with self.debug_sql(sql, params):
                return CursorWrapper.execute(self, sql, params)

    return PreparedCursor, PreparedDebugWrapper
