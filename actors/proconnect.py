"""ProConnect, the State's OpenID Connect federation of public agents (ARS staff and many
collectivités log in with it), through mozilla-django-oidc.

Optional: it is on only when its three settings are present (`PROCONNECT_ENABLED`,
config/settings/base.py). An account is found by the e-mail address ProConnect vouches for; none
is ever created for an unknown address: an invited person whose invitation still waits is let
in (the invitation is accepted), anybody else needs an invitation first.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from actors.models import User
from actors.services import invitation_accept_federated

logger = logging.getLogger(__name__)


class ProConnectBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        # ProConnect's identity providers verify the addresses they send; one that says it
        # did not is refused.
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims):
        return User.objects.filter(email=User.objects.normalize_email(claims["email"]).lower())

    def update_user(self, user, claims):
        """An invited account opens here; a deactivated one stays closed (the callback view
        refuses inactive accounts). Empty names are taken from ProConnect."""
        if not user.is_active and not user.is_deactivated:
            invitation_accept_federated(account=user)
        names = {
            "first_name": claims.get("given_name", ""),
            "last_name": claims.get("usual_name", ""),
        }
        missing = [field for field, value in names.items() if value and not getattr(user, field)]
        for field in missing:
            setattr(user, field, names[field][:150])
        if missing:
            user.save(update_fields=missing)
        return user


def _enabled(view):
    """A ProConnect page exists only when ProConnect is configured."""

    def guarded(request, *args, **kwargs):
        if not settings.PROCONNECT_ENABLED:
            raise Http404("ProConnect n'est pas activé sur cette plateforme.")
        return view(request, *args, **kwargs)

    return login_not_required(guarded)


class CallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(
            self.request,
            "ProConnect n'a pas ouvert de session : aucun compte actif de la plateforme ne "
            "correspond à votre adresse. Un compte s'ouvre sur invitation (de l'ARS ou de la "
            "coordination du contrat) ; un compte désactivé ne peut plus se connecter.",
        )
        return HttpResponseRedirect(reverse("login"))


login_start = _enabled(OIDCAuthenticationRequestView.as_view())
login_callback = _enabled(CallbackView.as_view())
