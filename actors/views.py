"""The account page: who I am, and my API tokens (created, shown once, revoked)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actors.forms import ApiTokenForm
from actors.services import api_token_create, api_token_revoke


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
