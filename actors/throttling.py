"""The API's request budget (`API_THROTTLE_RATE`): one per token, shared by a user's
sessions, one per address for anonymous calls."""

import logging

from rest_framework.throttling import SimpleRateThrottle

from actors.models import ApiToken
from actors.security import CACHE_ERRORS, window_add, window_key

logger = logging.getLogger(__name__)


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
        self.seconds_left = self.duration - self.timer() % self.duration
        try:
            count = window_add(self.cache, window_key(key, self.duration), self.duration)
            return count <= self.num_requests
        except CACHE_ERRORS:
            logger.warning("Cache injoignable : appel à l'API laissé passer sans décompte.")
            return True

    def wait(self):
        return self.seconds_left
