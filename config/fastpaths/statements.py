"""Statements PostgreSQL keeps prepared on each connection, and ORM lookups compiled once.

Planning the statement that reads a user's roles and contract scope took longer than running
it, and every scoped request runs it. A prepared statement is parsed and planned on its first
run on a connection; PostgreSQL may then keep one generic plan for every parameter. That suits
only statements whose best plan does not depend on their parameters: the lists filtered on a
user's contracts do (a generic plan walked 50,000 actions for a user with one contract), so
ORM queries are never prepared (Django's cursors bind parameters on the client).
"""

import dataclasses
import functools
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet

from config import fastpaths


@contextmanager
def prepared_cursor():
    """A cursor whose statements are prepared on their first run, on PostgreSQL when
    `DATABASE_PREPARED_STATEMENTS` allows it; an ordinary cursor otherwise."""
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
        or not fastpaths.enabled("prepared_statements")
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


class CompiledLookup:
    """An ORM query run on every request, compiled to SQL once and then run as a prepared
    statement: the first object it finds, with its `select_related` objects, or None.

    Building and compiling the query of the API token and its owner took 1.2 of the 1.5 ms
    its lookup cost on every API call. The query stays written with the
    ORM, where its rules live (`ApiToken.objects.active()`); `make_queryset(**placeholders)`
    builds it with a placeholder for each text value given at run time, and is called once
    per database vendor, on the first lookup: any other value it holds is fixed then, so it
    must not depend on the moment or the request.
    """

    def __init__(self, make_queryset: Callable[..., QuerySet], *names: str):
        self.make_queryset = make_queryset
        self.names = names
        self._compiled: tuple[str, _Statement] | None = None

    def __call__(self, **values) -> Model | None:
        statement = self._statement()
        params = [
            values[param.name] if isinstance(param, _Slot) else param for param in statement.params
        ]
        with prepared_cursor() as cursor:
            cursor.execute(statement.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, (functions, expression) in statement.converters.items():
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
        return _instance(statement.klass_info, statement.columns, row)

    def _statement(self) -> "_Statement":
        # Per vendor: the tests' SQLite and PostgreSQL quote and convert differently.
        cached = self._compiled
        if cached is None or cached[0] != connection.vendor:
            slots = {name: _Slot(name) for name in self.names}
            queryset = self.make_queryset(**slots)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            if sum(isinstance(param, _Slot) for param in params) != len(slots):
                raise ValueError("Chaque valeur de la recherche doit paraître une fois.")
            statement = _Statement(
                sql=sql,
                params=tuple(params),
                klass_info=compiler.klass_info,
                columns=[column.target.attname for column, _, _ in compiler.select],
                converters=compiler.get_converters([column for column, _, _ in compiler.select]),
            )
            self._compiled = cached = (connection.vendor, statement)
        return cached[1]


class _Slot(str):
    """A text value given at run time. The ORM passes a string to a text field's lookup as it
    is, so the slot is found among the compiled query's parameters."""

    def __new__(cls, name: str):
        slot = super().__new__(cls, f"\x00{name}")
        slot.name = name
        return slot


@dataclasses.dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    klass_info: dict  # which columns make which object (the compiler's)
    columns: list[str]
    converters: dict  # the compiler's, by column position


def _instance(klass_info: dict, columns: list[str], row: list) -> Model | None:
    """The object of `klass_info` (and its related objects) from its columns of `row`, as
    Django's `RelatedPopulator` makes them."""
    positions = klass_info["select_fields"]
    model = klass_info["model"]
    if all(row[i] is None for i in positions if columns[i] == model._meta.pk.attname):
        return None  # an empty outer join
    instance = model.from_db(
        connection.alias, [columns[i] for i in positions], [row[i] for i in positions]
    )
    for related in klass_info.get("related_klass_infos", ()):
        related_instance = _instance(related, columns, row)
        related["local_setter"](instance, related_instance)
        if related_instance is not None:
            related["remote_setter"](related_instance, instance)
    return instance
