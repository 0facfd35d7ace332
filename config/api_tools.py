"""The API conventions named in `REST_FRAMEWORK` settings: pagination, throttling, errors.

Kept apart from `config.api_base` (views, ETags, filters) because DRF imports these while
its own views module loads: this module must not import `rest_framework.views` at import time.
"""

import datetime
import math
from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Numéro de la page de résultats, à partir de 1."
    page_size_query_description = (
        f"Nombre de résultats par page (50 par défaut, {MAX_PAGE_SIZE} au plus)."
    )
    invalid_page_message = "Cette page n'existe pas."


# The largest id a 64-bit column holds: beyond it, the database would fail instead of finding
# nothing.
MAX_ID = 2**63 - 1
# The moment columns that order synchronisable lists, each followed by `id`.
SYNC_MOMENTS = ("updated_at", "deleted_at")


class Position(NamedTuple):
    """A place in a list ordered by change: just after (or before) the row changed at `moment`
    with this `pk`. Written `2026-11-22T08:30:00.000000Z_42` in links."""

    moment: datetime.datetime
    pk: int

    def __str__(self):
        return f"{self.moment.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%S.%fZ}_{self.pk}"

    @classmethod
    def parse(cls, text: str, param: str) -> "Position":
        moment, _, pk = text.rpartition("_")
        try:
            position = cls(datetime.datetime.fromisoformat(moment), int(pk))
            if position.moment.tzinfo is None or not 1 <= position.pk <= MAX_ID:
                raise ValueError(text)
            position.moment.astimezone(datetime.UTC)
        except (ValueError, OverflowError) as error:
            raise exceptions.ValidationError(
                {param: ["Position invalide : reprenez le lien `next` ou `previous` d'une page."]}
            ) from error
        return position


class SyncPagination(Pagination):
    """Pages of a list ordered by change (`updated_at`, then `id`): `next` and `previous` lead
    from a position (`after`, `before`) rather than from a page number.

    With page numbers, a row changed while a tool pages through the list moves to its end, the
    rows behind it move up one place, and the one crossing the page boundary is never seen: a
    synchronisation would miss it for good. A position stays where it is. A list in another
    order is paged by number.
    """

    after_query_param = "after"
    before_query_param = "before"

    def paginate_queryset(self, queryset, request, view=None):
        moment = moment_column(queryset)
        if moment is None:
            self.rows_page = None
            return super().paginate_queryset(queryset, request, view)
        self.rows_page = self.page_of(
            request,
            queryset,
            lambda rows: [(row, Position(getattr(row, moment), row.pk)) for row in rows],
        )
        return self.rows_page.rows

    def get_paginated_response(self, data):
        if self.rows_page is None:
            return super().get_paginated_response(data)
        page = self.rows_page
        return Response(
            {"count": page.count, "next": page.next, "previous": page.previous, "results": data}
        )

    def page_of(self, request, queryset: QuerySet, fetch: Callable) -> "RowsPage":
        """The page the request asks for, in a list ordered by change. `fetch` evaluates a
        slice of `queryset` into (row, its Position) pairs. Two queries: the count of the whole
        list (wherever the page is), then the page's rows."""
        after, before = self.positions_asked(request)
        size = self.get_page_size(request)
        total = queryset.count()
        links = request.build_absolute_uri()
        for param in (self.page_query_param, self.after_query_param, self.before_query_param):
            links = remove_query_param(links, param)

        def link(param: str, position: Position) -> str:
            return replace_query_param(links, param, str(position))

        if after:
            pairs = fetch(queryset.filter(rows_after(queryset, after))[: size + 1])
            rows, positions = _unzip(pairs[:size])
            more_after, more_before = len(pairs) > size, bool(rows)
        elif before:
            pairs = fetch(queryset.filter(rows_before(queryset, before)).reverse()[: size + 1])
            rows, positions = _unzip(pairs[:size][::-1])
            more_after, more_before = bool(rows), len(pairs) > size
        else:
            number = self.page_number(request, total, size)
            offset = (number - 1) * size
            rows, positions = _unzip(fetch(numbered_page(queryset, offset, size)))
            # The previous page of a numbered page is numbered (the first one has no number).
            numbered = request.build_absolute_uri()
            previous = (
                None
                if number == 1
                else remove_query_param(numbered, self.page_query_param)
                if number == 2
                else replace_query_param(numbered, self.page_query_param, number - 1)
            )
            more_after = bool(rows) and offset + size < total
            following = link(self.after_query_param, positions[-1]) if more_after else None
            return RowsPage(total, rows, following, previous)
        return RowsPage(
            total,
            rows,
            link(self.after_query_param, positions[-1]) if more_after else None,
            link(self.before_query_param, positions[0]) if more_before else None,
        )

    def positions_asked(self, request) -> tuple[Position | None, Position | None]:
        """The `after` and `before` positions of the request (at most one of them)."""
        params = request.query_params
        after, before = params.get(self.after_query_param), params.get(self.before_query_param)
        if after and before:
            raise exceptions.ValidationError(
                {self.before_query_param: ["« after » et « before » ne se combinent pas."]}
            )
        return (
            Position.parse(after, self.after_query_param) if after else None,
            Position.parse(before, self.before_query_param) if before else None,
        )

    def page_number(self, request, total: int, size: int) -> int:
        """The page number asked for (`last` included); a page beyond the end is a 404."""
        asked = request.query_params.get(self.page_query_param) or "1"
        if asked in self.last_page_strings:
            return max(1, math.ceil(total / size))
        try:
            number = int(asked)
        except ValueError:
            number = 0
        if number < 1 or (number > 1 and (number - 1) * size >= total):
            raise exceptions.NotFound(self.invalid_page_message)
        return number

    def get_schema_operation_parameters(self, view):
        position = {"required": False, "in": "query", "schema": {"type": "string"}}
        return [
            *super().get_schema_operation_parameters(view),
            {
                **position,
                "name": self.after_query_param,
                "description": "Position dans la liste (donnée par le lien `next`) : les lignes "
                "qui la suivent.",
            },
            {
                **position,
                "name": self.before_query_param,
                "description": "Position dans la liste (donnée par le lien `previous`) : les "
                "lignes qui la précèdent.",
            },
        ]


class RowsPage(NamedTuple):
    count: int
    rows: list
    next: str | None
    previous: str | None


def numbered_page(queryset: QuerySet, offset: int, size: int) -> QuerySet:
    """The rows of a page asked by its number. Past the first page, the database finds the
    page's keys first, then reads its rows: otherwise it built every row before the page in
    full, JSON included, to skip it (page 311 of an agent's values: 104 to 139 ms, then 15 ms;
    docs/performance.md)."""
    if offset == 0 or queryset.query.distinct:
        return queryset[offset : offset + size]
    return queryset.filter(pk__in=queryset.values("pk")[offset : offset + size])


def moment_column(queryset: QuerySet) -> str | None:
    """The moment column of a list ordered by change (`updated_at, id`), else None."""
    ordering = tuple(queryset.query.order_by)
    if len(ordering) == 2 and ordering[0] in SYNC_MOMENTS and ordering[1] in ("id", "pk"):
        return ordering[0]
    return None


def rows_after(queryset: QuerySet, position: Position) -> Q:
    """The rows after `position` in the list's order. The first condition lets the database
    walk its index on the moment."""
    moment = moment_column(queryset)
    return Q(**{f"{moment}__gte": position.moment}) & (
        Q(**{f"{moment}__gt": position.moment}) | Q(pk__gt=position.pk)
    )


def rows_before(queryset: QuerySet, position: Position) -> Q:
    """The rows before `position` in the list's order."""
    moment = moment_column(queryset)
    return Q(**{f"{moment}__lte": position.moment}) & (
        Q(**{f"{moment}__lt": position.moment}) | Q(pk__lt=position.pk)
    )


def _unzip(pairs: list) -> tuple[list, list]:
    return [row for row, _ in pairs], [position for _, position in pairs]


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "La ressource a changé depuis votre lecture (If-Match ne correspond plus à son ETag) : "
        "relisez-la, puis renvoyez votre modification."
    )
    default_code = "precondition_failed"


# The French sentence that heads each kind of error; field-level details follow it.
MESSAGES = {
    "invalid": "Les données envoyées sont invalides : voyez le détail par champ.",
    "parse_error": "Le corps de la requête n'est pas un JSON valide.",
    "not_found": "Ressource introuvable (ou hors de votre périmètre).",
}


def django_error_details(error: DjangoValidationError) -> dict:
    """A service's ValidationError as field → messages (`non_field_errors` when unattached)."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc, context):
    """Every error as `{"code", "message", "details"}`, with a French `message`.

    A ValidationError raised by a service (Django's) is a 400 like a serializer's, not a 500.
    """
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_error_details(exc))
    elif isinstance(exc, Http404):
        # Django's message names the model in English; an object out of scope is just absent.
        exc = exceptions.NotFound(MESSAGES["not_found"])
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        code, message = "invalid", MESSAGES["invalid"]
    else:
        details = {}
        code = exc.get_codes()
        code = code if isinstance(code, str) else "error"
        # DRF's own parse message quotes the JSON decoder in English.
        message = MESSAGES["parse_error"] if code == "parse_error" else str(exc.detail)
    response.data = {"code": code, "message": message, "details": details}
    return response


# What each error status means, documented on every operation of the schema.
ERROR_RESPONSES = {
    "400": "Requête invalide : `details` donne les messages par champ.",
    "401": "Authentification requise, ou jeton inconnu, révoqué ou mal formé.",
    "403": "Opération interdite à l'appelant ou aux droits (scopes) du jeton.",
    "404": "Ressource introuvable, ou hors du périmètre de l'appelant.",
    "429": "Trop de requêtes pour ce jeton : réessayer après `Retry-After` secondes.",
}
WRITE_ERROR_RESPONSES = {
    "412": "La ressource a changé depuis la lecture (If-Match périmé) : rien n'a été modifié.",
    "415": "Le corps doit être envoyé en JSON (`Content-Type: application/json`).",
}
SUCCESS = {
    "200": "Succès.",
    "201": "Créé.",
    "204": "Supprimé.",
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Le corps de toute réponse d'erreur.",
    "properties": {
        "code": {"type": "string", "description": "Code stable de l'erreur (`invalid`…)."},
        "message": {"type": "string", "description": "Explication en français."},
        "details": {
            "type": "object",
            "additionalProperties": True,
            "description": "Messages par champ (`non_field_errors` pour l'ensemble).",
        },
    },
    "required": ["code", "message", "details"],
}


def document_errors(result, generator, request, public):
    """Schema post-processing: the error responses every operation may give, in one shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result["paths"].values():
        for method, operation in operations.items():
            statuses = dict(ERROR_RESPONSES)
            if method in ("post", "put", "patch", "delete"):
                statuses.update(WRITE_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for status_code, response in responses.items():
                if not response.get("description"):
                    response["description"] = SUCCESS.get(status_code, "Réponse.")
            for status_code, description in statuses.items():
                responses.setdefault(status_code, {"description": description, "content": error})
    return result


def _holds_nul(data) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_holds_nul(item) for item in data)
    return False


class JSONParser(parsers.JSONParser):
    """JSON bodies, without NUL characters: no field holds one, and PostgreSQL refuses them."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _holds_nul(data):
            raise exceptions.ValidationError(
                {"non_field_errors": ["Le caractère NUL (\\u0000) n'est accepté dans aucun champ."]}
            )
        return data
