"""The error pages: French DSFR pages for people, the API's JSON shape under /api/."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from config.api_tools import MESSAGES

API_MESSAGES = {
    400: "Requête invalide.",
    403: "Opération interdite.",
    404: MESSAGES["not_found"],
    413: "Le corps de la requête dépasse la taille autorisée.",
    500: "Erreur inattendue de la plateforme : rien n'a été modifié, réessayez plus tard.",
}
CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 413: "too_large", 500: "error"}


def _api(request) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int) -> JsonResponse:
    body = {"code": CODES[status], "message": API_MESSAGES[status], "details": {}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception):
    if not _api(request):
        return defaults.bad_request(request, exception)
    return api_error(413 if isinstance(exception, RequestDataTooBig) else 400)


def permission_denied(request, exception):
    return api_error(403) if _api(request) else defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return api_error(404) if _api(request) else defaults.page_not_found(request, exception)


def server_error(request):
    return api_error(500) if _api(request) else defaults.server_error(request)


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token, or with an expired one."""
    return render(request, "403_csrf.html", status=403)
