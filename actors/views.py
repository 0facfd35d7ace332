"""The login page, and the account page: who I am, and my API tokens (created, shown once,
revoked)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from actors.forms import ApiTokenForm
from actors.security import address_is_throttled
from actors.services import api_token_create, api_token_revoke


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, refused for a while to an address that failed too many logins on any
    accounts; django-axes locks an account out from an address on its own."""

    def post(self, request, *args, **kwargs):
        if address_is_throttled(request):
            return render(request, "registration/locked_out.html", {"by_address": True}, status=429)
        return super().post(request, *args, **kwargs)


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
        },
    )


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    api_token_revoke(token=token)
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès.")
    return redirect("account")
