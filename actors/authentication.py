"""How the API knows who calls: a token (`Authorization: Token <key>`) or the browser session.

A token acts as its owner, so every access rule of `contracts.access` applies to it unchanged;
its scopes only take away (a read-only token cannot write what its owner could).
"""

import datetime

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission

from actors.enums import TokenScope
from actors.models import ApiToken, api_key_hash
from config import fastpaths
from config.fastpaths.statements import CompiledLookup

KEYWORDS = (b"token", b"bearer")
# Recording every use would add a write to every call: once every few minutes is enough to
# tell a dormant token from a live one.
LAST_USE_PRECISION = datetime.timedelta(minutes=5)
# Every API call runs it: compiled once (config/fastpaths/statements.py). The hash is unique: no ordering.
active_token_with_user = CompiledLookup(
    lambda key_hash: (
        ApiToken.objects.active().select_related("user").filter(key_hash=key_hash).order_by()
    ),
    "key_hash",
)


def token_with_user(key_hash: str) -> ApiToken | None:
    if fastpaths.enabled("token_lookup"):
        return active_token_with_user(key_hash=key_hash)
    tokens = ApiToken.objects.active().select_related("user").filter(key_hash=key_hash)
    return next(iter(tokens.order_by()), None)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(
                "En-tête Authorization mal formé : écrivez « Authorization: Token <clé> »."
            )
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(
                "La clé du jeton contient des caractères invalides."
            ) from error
        token = token_with_user(api_key_hash(key))
        if token is None:
            raise AuthenticationFailed("Jeton inconnu, révoqué ou dont le titulaire est désactivé.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class HasTokenScope(BasePermission):
    """An authenticated caller; with a token, one holding the scope the operation needs.

    Reading needs `read`; writing needs the view's `write_scope`. A browser session carries
    every right of its user. What the user may see or change is decided afterwards, object by
    object, by `contracts.access`.
    """

    message = "Authentification requise."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if not isinstance(request.auth, ApiToken):
            return True
        if getattr(view, request.method.lower(), None) is None:
            return True  # the view answers 405 itself
        if request.method in SAFE_METHODS:
            scope = TokenScope.READ
        else:
            scope = getattr(view, "write_scope", None)
        if scope is None or not request.auth.allows(scope):
            self.message = (
                f"Ce jeton n'a pas le droit « {scope} » nécessaire à cette opération."
                if scope
                else "Cette opération n'est pas ouverte aux jetons."
            )
            return False
        return True
