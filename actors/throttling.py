"""The API's request budget (`API_THROTTLE_RATE`): one per token, shared by a user's
sessions, one per address for anonymous calls."""

from rest_framework.throttling import SimpleRateThrottle

from actors.models import ApiToken


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
