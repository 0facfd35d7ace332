"""The API's request budget (`API_THROTTLE_RATE`): one per token, shared by a user's
sessions, one per address for anonymous calls."""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from actors.models import ApiToken

logger = logging.getLogger(__name__)
# What the cache raises when Redis is down, refuses the connection or does not answer in time.
CACHE_ERRORS = (RedisError, OSError)


class PerTokenThrottle(SimpleRateThrottle):
    """One budget per token; a session shares its user's budget; anonymous calls, their address's.

    Calls are counted per window of the rate's duration (a minute by default), each call adding
    itself to the window's counter in one atomic cache operation: concurrent calls cannot all
    read a history with room left and all pass, as with DRF's list of call times. When the
    cache cannot be reached, calls go through (and the log says so): an API without a
    budget for a while is better than no API at all.
    """

    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.seconds_left = self.duration - now % self.duration
        try:
            return self.count_call(f"{key}:{window}") <= self.num_requests
        except CACHE_ERRORS:
            logger.warning("Cache injoignable : appel à l'API laissé passer sans décompte.")
            return True

    def count_call(self, key: str) -> int:
        """This call added to its window's counter (created for the window's duration)."""
        self.cache.add(key, 0, self.duration)
        try:
            return self.cache.incr(key)
        except ValueError:  # the window ended between the two operations
            self.cache.add(key, 1, self.duration)
            return 1

    def wait(self):
        return self.seconds_left
