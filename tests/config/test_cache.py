"""The Redis cache shares one client per connection pool (config/cache.py), and a Redis that
does not answer costs a bounded time."""

import os
import socket
import time
import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings

from actors.throttling import PerTokenThrottle
from config.cache import SharedClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")


def _cache(location: str) -> SharedClientRedisCache:
    return SharedClientRedisCache(location, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_every_operation_reuses_the_client_of_its_pool():
    # Building a client connects to nothing: no server is needed to check this.
    client = _cache("redis://127.0.0.1:6379/15")._cache

    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client("key", write=False)


def test_reading_servers_keep_a_client_each():
    client = _cache("redis://127.0.0.1:6379/14,redis://127.0.0.1:6379/15")._cache

    writer = client.get_client(write=True)
    reader = client.get_client(write=False)  # the only replica

    assert writer is not reader
    assert writer.connection_pool is not reader.connection_pool
    assert client.get_client(write=False) is reader


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL n'est pas défini : pas de serveur Redis.")
def test_values_go_through_the_shared_client():
    cache = _cache(REDIS_URL)
    try:
        cache.set("throttle", [1.5, 2.5], 30)
        assert cache.get("throttle") == [1.5, 2.5]
        assert cache.add("hits", 1)
        assert cache.incr("hits") == 2
        cache.delete("throttle")
        assert cache.get("throttle", "absent") == "absent"
    finally:
        cache.delete_many(["throttle", "hits"])


def test_a_redis_that_does_not_answer_costs_a_second_then_the_budget_lets_calls_through(
    monkeypatch,
):
    """A server that accepts connections and never answers, as a frozen Redis does."""
    with socket.create_server(("127.0.0.1", 0)) as frozen:
        location = f"redis://127.0.0.1:{frozen.getsockname()[1]}/0"
        cache = SharedClientRedisCache(location, {"OPTIONS": settings.REDIS_CACHE_OPTIONS})
        monkeypatch.setattr(PerTokenThrottle, "cache", cache)
        monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "1/minute"})
        request = SimpleNamespace(auth=None, user=SimpleNamespace(is_authenticated=True, pk=1))

        started = time.monotonic()
        allowed = PerTokenThrottle().allow_request(request, None)

    assert allowed
    assert time.monotonic() - started < 3
