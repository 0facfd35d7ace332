"""The Redis cache, with one client per connection pool instead of one per operation.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every `get` or `set`,
and redis-py fills some 170 reply callbacks in each one: 0.2 ms of the 0.37 ms a `cache.get`
costs, twice in every API call (the throttle reads, then writes, its history). A client only
holds its pool and those callbacks, and is safe to share between threads; Django keeps one
cache object per thread anyway (docs/performance.md).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
