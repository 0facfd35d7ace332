"""Who is knocking: the client's address behind the reverse proxies, and counters per window
of time kept in the cache, for the API's budget (actors/throttling.py), for a budget of
failed logins per address across every account (password spraying), beside django-axes'
lock-out of one account from one address, and for the budgets of password reset e-mails per
address and per e-mail (nobody floods an inbox through the platform)."""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)
# What the cache raises when Redis is down, refuses the connection or does not answer in time.
CACHE_ERRORS = (RedisError, OSError)


def client_address(request) -> str:
    """The address the outermost of our `PROXY_COUNT` reverse proxies saw, read from the end
    of X-Forwarded-For (what a client writes there itself comes before), as DRF reads it for
    its throttles (`NUM_PROXIES`). Without a proxy, the connection's own address."""
    return BaseThrottle().get_ident(request)


def window_key(name: str, seconds: int) -> str:
    """The key of `name`'s counter for the current window of `seconds`."""
    return f"{name}:{int(time.time() // seconds)}"


def window_add(counters, key: str, seconds: int) -> int:
    """Add one to the counter of `key` in the cache `counters` (kept `seconds`) and return it,
    in atomic cache operations: concurrent requests cannot all read room left and all pass."""
    counters.add(key, 0, seconds)
    try:
        return counters.incr(key)
    except ValueError:  # the window ended between the two operations
        counters.add(key, 1, seconds)
        return 1


def _login_failures_key(request) -> str:
    seconds = settings.LOGIN_FAILURES_WINDOW_SECONDS
    return window_key(f"login-failures:{client_address(request)}", seconds)


@receiver(user_login_failed)
def login_failure_count(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    try:
        window_add(cache, _login_failures_key(request), settings.LOGIN_FAILURES_WINDOW_SECONDS)
    except CACHE_ERRORS:
        logger.warning("Cache injoignable : échec de connexion non décompté pour son adresse.")


def address_is_throttled(request) -> bool:
    """Whether the address has failed too many logins, on any accounts, in this window."""
    try:
        failures = cache.get(_login_failures_key(request), 0)
    except CACHE_ERRORS:
        return False  # the lock-out of each account by django-axes still holds
    return failures >= settings.LOGIN_FAILURES_PER_ADDRESS


# Password reset requests per hour: for one e-mail address, and from one client address.
PASSWORD_RESETS_PER_EMAIL = 3
PASSWORD_RESETS_PER_ADDRESS = 10
PASSWORD_RESET_WINDOW_SECONDS = 3600


def password_reset_allowed(request, email: str) -> bool:
    """Count a reset request against its e-mail and its client address; False past either
    budget. The answer the visitor sees is the same either way: it tells nothing of accounts.
    The cache unreachable, requests go uncounted (a reset link is no more guessable for it)."""
    seconds = PASSWORD_RESET_WINDOW_SECONDS
    # The address is hashed: cache keys are not where e-mail addresses should be read.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    try:
        by_email = window_add(cache, window_key(f"reset-email:{digest}", seconds), seconds)
        by_address = window_add(
            cache, window_key(f"reset-address:{client_address(request)}", seconds), seconds
        )
    except CACHE_ERRORS:
        logger.warning("Cache injoignable : demande de mot de passe non décomptée.")
        return True
    return by_email <= PASSWORD_RESETS_PER_EMAIL and by_address <= PASSWORD_RESETS_PER_ADDRESS
