"""Cross-cutting HTTP concerns: request ids for the logs, the Content-Security-Policy, and a
busy database answered with a 503."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# An id sent by the reverse proxy is kept only when it looks like one.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Take the proxy's X-Request-ID or make one; log lines and the response carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = getattr(record, "request_id", None) or current_request_id()
        return True


class ContentSecurityPolicyMiddleware:
    """Only this site's own scripts, styles, fonts and images; no inline script anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        return response


BUSY_MESSAGE = (
    "La base de données est occupée par d'autres enregistrements : rien n'a été modifié, "
    "réessayez dans quelques secondes."
)
BUSY_RETRY_SECONDS = 5


class DatabaseBusyMiddleware:
    """A write that waited its whole turn for the embedded database (SQLite allows one writer
    at a time) answers 503 with a French message and `Retry-After`, never a 500: its
    transaction was rolled back, so trying again is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError) or "locked" not in str(exception):
            return None
        if request.path.startswith("/api/"):
            body = {"code": "busy", "message": BUSY_MESSAGE, "details": {}}
            response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            response = render(request, "503.html", {"message": BUSY_MESSAGE}, status=503)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response
