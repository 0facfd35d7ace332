"""`/healthz`: the state of each dependency, for load balancers and orchestrators."""

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PROBE_NAME = "healthz/probe.txt"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_broker() -> str:
    if not settings.REDIS_URL:
        return "disabled"  # tasks run in-process: there is no broker to reach
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    client.ping()
    return "ok"


def check_storage() -> str:
    name = default_storage.save(PROBE_NAME, ContentFile(b"ok"))
    default_storage.delete(name)
    return "ok"


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


@login_not_required
@never_cache
def healthz(request):
    started = time.monotonic()
    states = {}
    for name, check in CHECKS.items():
        try:
            states[name] = check()
        except Exception as error:  # any failure of a dependency is a 503, never a 500
            logger.warning("Health check %s failed: %s", name, error)
            states[name] = "error"
    healthy = "error" not in states.values()
    body = {
        "status": "ok" if healthy else "error",
        "checks": states,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
