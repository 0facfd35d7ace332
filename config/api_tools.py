"""The API conventions named in `REST_FRAMEWORK` settings: pagination, throttling, errors.

Kept apart from `config.api_base` (views, ETags, filters) because DRF imports these while
its own views module loads: this module must not import `rest_framework.views` at import time.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from actors.models import ApiToken

MAX_PAGE_SIZE = 500


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Numéro de la page de résultats, à partir de 1."
    page_size_query_description = (
        f"Nombre de résultats par page (50 par défaut, {MAX_PAGE_SIZE} au plus)."
    )
    invalid_page_message = "Cette page n'existe pas."


class PerTokenThrottle(SimpleRateThrottle):
    """One budget per token; a session shares its user's budget; anonymous calls, their address's."""

    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


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
