"""The API conventions named in `REST_FRAMEWORK` settings: pagination, throttling, errors.

Kept apart from `config.api_base` (views, ETags, filters) because DRF imports these while
its own views module loads: this module must not import `rest_framework.views` at import time.
"""

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 500
# A synchronisation reads whole lists: larger pages make fewer requests, and each page costs
# one query whatever its place in the list.
SYNC_MAX_PAGE_SIZE = 5000


def page_size_description(largest: int) -> str:
    return f"Nombre de résultats par page (50 par défaut, {largest} au plus)."


class KeysFirstPaginator(Paginator):
    """Django's paginator, whose pages past the first find their rows' keys first
    (`numbered_page`)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(numbered_page(self.object_list, bottom, top - bottom), number, self)


class Pagination(PageNumberPagination):
    """Lists paged by number, with the `count` of the whole list: the geographic referential."""

    django_paginator_class = KeysFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Numéro de la page de résultats, à partir de 1."
    page_size_query_description = page_size_description(MAX_PAGE_SIZE)
    invalid_page_message = "Cette page n'existe pas."


def numbered_page(queryset: QuerySet, offset: int, size: int) -> QuerySet:
    """The rows of a page asked by its number. Past the first page, the database finds the
    page's keys first, then reads its rows: otherwise it builds every row before the page in
    full to skip it, a cost that grows with the page's number."""
    if offset == 0 or queryset.query.distinct:
        return queryset[offset : offset + size]
    return queryset.filter(pk__in=queryset.values("pk")[offset : offset + size])


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


class SyncPagination(BasePagination):
    """The lists a partner synchronises (`updated_since`), ordered by change (`updated_at`,
    then `id`): paged by a keyset cursor, without a count.

    `next` and `previous` lead from a position (`after`, `before`): a row changed while a tool
    pages through the list moves to its end without shifting the others, so none is missed,
    as with page numbers. Each page costs one query, whatever its place in the list: counting
    the whole list on every page would cost as much as the page itself.
    """

    page_size_query_param = "page_size"
    after_query_param = "after"
    before_query_param = "before"

    def paginate_queryset(self, queryset, request, view=None):
        moment = moment_column(queryset)
        if moment is None:
            raise ImproperlyConfigured("Une liste synchronisable se trie par (updated_at, id).")
        self.rows_page = self.page_of(
            request, queryset, list, lambda row: Position(getattr(row, moment), row.pk)
        )
        return self.rows_page.rows

    def get_paginated_response(self, data):
        page = self.rows_page
        return Response({"next": page.next, "previous": page.previous, "results": data})

    def page_of(
        self, request, queryset: QuerySet, fetch: Callable, position_of: Callable
    ) -> "RowsPage":
        """The page the request asks for, in a list ordered by change: one query. `fetch`
        evaluates a slice of `queryset` into rows; `position_of` gives a row's Position, read
        for the first and last rows only."""
        after, before = self.positions_asked(request)
        size = self.page_size_of(request)
        if before:
            fetched = fetch(queryset.filter(rows_before(queryset, before)).reverse()[: size + 1])
            rows = fetched[:size][::-1]
            more_after, more_before = bool(rows), len(fetched) > size
        else:
            listed = queryset.filter(rows_after(queryset, after)) if after else queryset
            fetched = fetch(listed[: size + 1])
            rows = fetched[:size]
            more_after, more_before = len(fetched) > size, bool(rows) and after is not None
        if not rows:
            return RowsPage(rows, None, None)
        links = request.build_absolute_uri()
        for param in (self.after_query_param, self.before_query_param):
            links = remove_query_param(links, param)
        after_link = self.link(links, self.after_query_param, position_of(rows[-1]))
        before_link = self.link(links, self.before_query_param, position_of(rows[0]))
        return RowsPage(
            rows, after_link if more_after else None, before_link if more_before else None
        )

    @staticmethod
    def link(url: str, param: str, position: Position) -> str:
        return replace_query_param(url, param, str(position))

    def page_size_of(self, request) -> int:
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return api_settings.PAGE_SIZE
        try:
            return min(max(int(text), 1), SYNC_MAX_PAGE_SIZE)
        except ValueError:
            return api_settings.PAGE_SIZE

    def positions_asked(self, request) -> tuple[Position | None, Position | None]:
        """The `after` and `before` positions of the request (at most one of them)."""
        params = request.query_params
        if "page" in params:
            raise exceptions.ValidationError(
                {"page": ["Cette liste se parcourt par position : suivez le lien « next »."]}
            )
        after, before = params.get(self.after_query_param), params.get(self.before_query_param)
        if after and before:
            raise exceptions.ValidationError(
                {self.before_query_param: ["« after » et « before » ne se combinent pas."]}
            )
        return (
            Position.parse(after, self.after_query_param) if after else None,
            Position.parse(before, self.before_query_param) if before else None,
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "La page suivante ; null à la fin de la liste."},
                "previous": {**link, "description": "La page précédente ; null au début."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        optional = {"required": False, "in": "query"}
        return [
            {
                **optional,
                "name": self.page_size_query_param,
                "description": page_size_description(SYNC_MAX_PAGE_SIZE),
                "schema": {"type": "integer"},
            },
            {
                **optional,
                "name": self.after_query_param,
                "description": "Position dans la liste (donnée par le lien `next`) : les lignes "
                "qui la suivent.",
                "schema": {"type": "string"},
            },
            {
                **optional,
                "name": self.before_query_param,
                "description": "Position dans la liste (donnée par le lien `previous`) : les "
                "lignes qui la précèdent.",
                "schema": {"type": "string"},
            },
        ]


class RowsPage(NamedTuple):
    rows: list
    next: str | None
    previous: str | None


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
    "413": "Le corps de la requête dépasse la taille autorisée : rien n'a été modifié.",
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


# No request of the API nests deeper than a few levels: a body nested deeper is refused
# before anything walks it (Python's own JSON reader fails at about a thousand levels).
MAX_JSON_DEPTH = 20


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(f"Le corps de la requête dépasse la taille autorisée ({limit} Kio).")


def json_refusal(data) -> str | None:
    """Why a parsed body is refused (too deep, a NUL character), or None; walked without
    recursion."""
    pending = [(data, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            return f"Le JSON est imbriqué trop profondément ({MAX_JSON_DEPTH} niveaux au plus)."
        if isinstance(item, str) and "\x00" in item:
            return "Le caractère NUL (\\u0000) n'est accepté dans aucun champ."
        if isinstance(item, dict):
            pending.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, list):
            pending.extend((part, depth + 1) for part in item)
    return None


class JSONParser(parsers.JSONParser):
    """JSON bodies within the size limit (a 413 beyond it, before the body is read), nested a
    few levels at most, without NUL characters: no field holds one, and PostgreSQL refuses
    them."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if length and length.isdigit() and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise BodyTooLarge()
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError() from error
        refusal = json_refusal(data)
        if refusal:
            raise exceptions.ValidationError({"non_field_errors": [refusal]})
        return data
