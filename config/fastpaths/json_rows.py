"""The busiest lists and details, made as JSON by PostgreSQL itself.

Building a model instance, its prefetched relations and a serializer's field objects for every
row cost 20 to 50 times what PostgreSQL needs to return the same rows as JSON. For the lists
partner tools page through (actions, indicator values), each row's JSON is built by the
database from expressions derived from the serializer's own declaration, so both paths show the
same fields, values and formats (`tests/api/test_database_rows.py` compares them). A page costs
one query, as with the serializer: the page's rows as JSON text. PostgreSQL
builds the JSON of the page's rows only, after sorting and limiting. A detail costs one query,
where the serializer needs one more per many-to-many relation.

Other databases (SQLite, in development) take the serializer path.
"""

import datetime
import json
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, models
from django.db.models import F, Func, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.utils import timezone
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.utils.encoders import JSONEncoder

from config import fastpaths
from config.api_base import detail_response
from config.api_tools import Position, moment_column

# The API's datetimes: UTC, microseconds always written (settings.REST_FRAMEWORK).
UTC_TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'


class UtcTimestamp(Func):
    """A moment written as the API writes it: `2026-11-22T08:30:00.000000Z`."""

    template = f"to_char(%(expressions)s AT TIME ZONE 'UTC', '{UTC_TIMESTAMP_FORMAT}')"
    output_field = models.TextField()


class JsonRow(Func):
    """`json_build_object(key, value, …)`, as text unless nested in another row: keys stay in
    the serializer's order."""

    function = "json_build_object"

    def __init__(self, fields: dict, *, nested: bool = False):
        pairs = []
        for key, expression in fields.items():
            pairs.extend((Cast(Value(key), models.TextField()), expression))
        if nested:
            super().__init__(*pairs, output_field=models.JSONField())
        else:
            super().__init__(*pairs, template="%(function)s(%(expressions)s)::text")
            self.output_field = models.TextField()


def related_row(serializer_class, related: QuerySet, key: str) -> Subquery:
    """The row a nested serializer shows, as a JSON object: the one of `related` whose id is the
    outer row's `key` column."""
    row = JsonRow(row_expressions(serializer_class, {}), nested=True)
    return Subquery(related.filter(pk=OuterRef(key)).values(row=row))


def related_rows(serializer_class, related: QuerySet, link: str) -> ArraySubquery:
    """The rows a nested serializer (`many=True`) shows, as a JSON array in `related`'s order:
    those whose `link` is the outer row."""
    rows = related.filter(**{link: OuterRef("pk")})
    return ArraySubquery(
        rows.values(row=JsonRow(row_expressions(serializer_class, {}), nested=True))
    )


def row_expressions(serializer_class, computed: dict) -> dict:
    """One database expression per field of `serializer_class`, in its order.

    Model columns, foreign keys (their id) and many-to-many keys are derived; other computed
    fields must be given in `computed`.
    """
    model = serializer_class.Meta.model
    declared = serializer_class._declared_fields
    expressions = {}
    for name in serializer_class.Meta.fields:
        if name in computed:
            expressions[name] = computed[name]
            continue
        field = declared.get(name)
        source = (getattr(field, "source", None) or name) if field else name
        if isinstance(field, serializers.SerializerMethodField):
            raise ImproperlyConfigured(f"{serializer_class.__name__}.{name} : expression requise.")
        model_field = model._meta.get_field(source)
        if model_field.many_to_many:
            expressions[name] = _related_keys(model_field, field)
        elif model_field.is_relation:
            expressions[name] = F(model_field.attname)
        elif isinstance(model_field, models.DateTimeField):
            expressions[name] = UtcTimestamp(F(source))
        else:
            expressions[name] = F(source)
    return expressions


def _related_keys(field, serializer_field):
    """The keys (or slugs) of a many-to-many relation, in their own order (as the viewsets
    prefetch them: sorting by the related model's ordering would join its tables)."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    related = field.related_model._meta
    child = getattr(serializer_field, "child_relation", None)
    slug = getattr(child, "slug_field", None)
    shown = target if slug in (None, related.pk.name) else f"{target}__{slug}"
    links = through.objects.filter(**{source: OuterRef("pk")}).order_by(shown)
    return ArraySubquery(links.values(shown))


def row_sql(serializer_class, computed: dict) -> tuple[str, tuple]:
    """The SQL (and its parameters) of a row's JSON, for any query on the model's table.

    It may read the model's own table only, joins are refused: the SQL names that table as
    every query of the model does, and another alias would hold elsewhere. Related values come
    through subqueries.
    """
    query = serializer_class.Meta.model.objects.all().query
    row = JsonRow(row_expressions(serializer_class, computed)).resolve_expression(query)
    if sum(1 for references in query.alias_refcount.values() if references) > 1:
        raise ImproperlyConfigured(
            f"{serializer_class.__name__} : une ligne ne peut joindre d'autre table "
            "(passez par une sous-requête)."
        )
    sql, params = row.as_sql(query.get_compiler(connection=connection), connection)
    return sql, tuple(params)


class DatabaseRowsMixin:
    """A resource whose pages and details are made by PostgreSQL (see the module's docstring).

    `row_computed()` gives the expressions of the serializer's computed fields.
    """

    def row_computed(self) -> dict:
        return {}

    def row_request_params(self, request) -> dict[str, str]:
        """Placeholders of `row_computed()` (constant strings) and their value for `request`:
        the row's SQL is compiled once, for every request."""
        return {}

    def row_expression(self) -> RawSQL:
        """The row's JSON as SQL, compiled once per class and day (computed fields may depend
        on the date, like `is_late`): resolving and compiling the expression anew for every
        query took longer than PostgreSQL takes to run it."""
        cls, today = type(self), timezone.localdate()
        cached = cls.__dict__.get("_row_sql")
        if cached is None or cached[0] != today or not fastpaths.enabled("row_sql_cached"):
            compiled = row_sql(self.get_serializer_class(), self.row_computed())
            cls._row_sql = cached = (today, compiled)
        sql, params = cached[1]
        placeholders = self.row_request_params(self.request)
        params = tuple(
            placeholders.get(param, param) if isinstance(param, str) else param for param in params
        )
        return RawSQL(sql, params, output_field=models.TextField())

    def retrieve(self, request, *args, **kwargs):
        """One row, one query (the serializer path adds one per many-to-many relation), with
        the ETag of the very representation the serializer would give."""
        if not self._database_rows() or not self._object_permissions_allow_all():
            return super().retrieve(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        lookup = {self.lookup_field: self.lookup_value()}
        try:
            rows = list(queryset.filter(**lookup).values_list(self.row_expression(), flat=True))
        except (TypeError, ValueError, DjangoValidationError):
            rows = []  # not an identifier: as DRF's get_object_or_404, nothing found
        if not rows:
            raise Http404
        return detail_response(request, json.loads(rows[0], parse_float=Decimal))

    @staticmethod
    def _database_rows() -> bool:
        return connection.vendor == "postgresql" and fastpaths.enabled("json_rows")

    def _object_permissions_allow_all(self) -> bool:
        """No permission of the view looks at the object itself (it is never built here)."""
        return all(
            type(permission).has_object_permission is BasePermission.has_object_permission
            for permission in self.get_permissions()
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        moment = moment_column(queryset)
        if not self._database_rows() or queryset.query.distinct or moment is None:
            return super().list(request, *args, **kwargs)
        row = self.row_expression()

        def fetch(rows):
            return list(rows.values_list(row, flat=True))

        def position_of(json_row: str) -> Position:
            # Read back from the row's own JSON (its `id` and moment, in UTC), for the two
            # rows that bound the page only.
            shown = json.loads(json_row)
            return Position(datetime.datetime.fromisoformat(shown[moment]), shown["id"])

        page = self.paginator.page_of(request, queryset.prefetch_related(None), fetch, position_of)
        envelope = {"next": page.next, "previous": page.previous}
        head = JSONEncoder().encode(envelope)[:-1]
        body = f'{head}, "results": [{",".join(page.rows)}]}}'
        return HttpResponse(body, content_type="application/json")
