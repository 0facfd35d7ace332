"""The login page, the password reset (Django's, throttled), the acceptance of an
invitation, and the account page: who I am, my password, my e-mails, my API tokens (created,
shown once, revoked)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from actors import services
from actors.forms import (
    ApiTokenForm,
    PasswordChangeForm,
    PasswordResetForm,
    PreferencesForm,
    SetPasswordForm,
)
from actors.security import address_is_throttled, password_reset_allowed
from actors.services import api_token_create, api_token_revoke


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, refused for a while to an address that failed too many logins on any
    accounts; django-axes locks an account out from an address on its own."""

    def post(self, request, *args, **kwargs):
        if address_is_throttled(request):
            return render(request, "registration/locked_out.html", {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proconnect": settings.PROCONNECT_ENABLED}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with the same answer whether the address has an account or not; past
    the budgets of the address or of the visitor, no e-mail leaves, and the answer is the same."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


@login_not_required
def invitation_accept(request, token: str):
    """The link of an invitation: choose a password, and land on one's workspace."""
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_pending or invitation.is_expired:
        return render(
            request, "actors/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.invitation_accept(
            invitation=invitation, password=form.cleaned_data["new_password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Votre compte est ouvert : bienvenue sur la plateforme des CLS.")
        landing = invitation.landing_url
        if not url_has_allowed_host_and_scheme(landing, allowed_hosts={request.get_host()}):
            landing = "/"
        return redirect(landing)
    return render(
        request, "actors/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def account(request):
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_key = api_token_create(
            user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
        )
        # The key is shown on this response only: it is not stored, so no redirect.
        form = ApiTokenForm()
    return render(
        request,
        "actors/account.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": request.user.api_tokens.all(),
            "memberships": request.user.memberships.current().select_related("organisation"),
            "preferences": PreferencesForm(
                initial={"receives_weekly_digest": request.user.receives_weekly_digest}
            ),
        },
    )


@require_POST
def preferences_save(request):
    form = PreferencesForm(request.POST)
    form.is_valid()  # a single checkbox: always valid
    services.account_preferences_save(user=request.user, **form.cleaned_data)
    messages.success(
        request,
        "Vous recevrez le point hebdomadaire."
        if form.cleaned_data["receives_weekly_digest"]
        else "Vous ne recevrez plus le point hebdomadaire.",
    )
    return redirect("account")


def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The other sessions of the account end; this one goes on.
        update_session_auth_hash(request, form.user)
        messages.success(request, "Votre mot de passe est changé.")
        return redirect("account")
    return render(request, "actors/password_change.html", {"form": form})


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès.")
    return redirect("account")
