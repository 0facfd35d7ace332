"""Counters in the Redis cache, and a Redis that does not answer costs a bounded time."""

import os
import socket
import time
import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from actors.security import window_add
from actors.throttling import PerTokenThrottle

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL n'est pas défini : pas de serveur Redis.")
def test_the_api_budget_counts_in_redis():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        assert [window_add(cache, "calls", 60) for _ in range(3)] == [1, 2, 3]
    finally:
        cache.delete("calls")


def test_a_redis_that_does_not_answer_costs_a_second_then_the_budget_lets_calls_through(
    monkeypatch,
):
    """A server that accepts connections and never answers, as a frozen Redis does."""
    with socket.create_server(("127.0.0.1", 0)) as frozen:
        location = f"redis://127.0.0.1:{frozen.getsockname()[1]}/0"
        cache = RedisCache(location, {"OPTIONS": settings.REDIS_CACHE_OPTIONS})
        monkeypatch.setattr(PerTokenThrottle, "cache", cache)
        monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "1/minute"})
        request = SimpleNamespace(auth=None, user=SimpleNamespace(is_authenticated=True, pk=1))

        started = time.monotonic()
        allowed = PerTokenThrottle().allow_request(request, None)

    assert allowed
    assert time.monotonic() - started < 3
