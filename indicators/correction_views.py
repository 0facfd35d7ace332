"""Correcting and removing an indicator, from the pages that show it (the « Indicateurs » tab,
the indicator's page, its fiche action): for those who add indicators to the contract. The
rules are in `indicators.corrections`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from contracts import access
from contracts.models import Contract
from contracts.views import submit_form
from indicators import corrections
from indicators.enums import CatalogueScope
from indicators.forms import IndicatorEditForm
from indicators.models import Indicator


def _corrected_indicator(request, pk: int, indicator_pk: int) -> tuple[Contract, Indicator]:
    """An indicator of the contract, for whoever may add indicators to it (404 to whoever does
    not see the contract, 403 to whoever sees it only)."""
    contract = access.contract_for(request.user, pk, may="coordinate")
    indicators = access.indicators_visible_to(
        request.user, contract.indicators.select_related("definition", "action")
    )
    indicator = get_object_or_404(indicators, pk=indicator_pk)
    indicator.contract = contract
    return contract, indicator


def _next_or(request, default: str) -> str:
    """Where the user came from (`?next=`), when it is a page of this site."""
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _intro(indicator: Indicator) -> str:
    if indicator.definition.scope == CatalogueScope.CONTRACT:
        return (
            "Cet indicateur est propre au contrat : corrigez sa définition comme son suivi. "
            "Son unité et sa périodicité ne changent plus une fois une valeur saisie."
        )
    return (
        f"La définition de cet indicateur ({indicator.definition.code}) vient du catalogue "
        f"{corrections.SHARED_CATALOGUES[indicator.definition.scope]}, partagé avec d'autres "
        "contrats : seul son suivi dans ce contrat se corrige ici."
    )


def indicator_edit(request, pk: int, indicator_pk: int):
    contract, indicator = _corrected_indicator(request, pk, indicator_pk)
    back = _next_or(request, reverse("indicator_detail", args=[contract.pk, indicator.pk]))
    return submit_form(
        request,
        IndicatorEditForm(request.POST or None, indicator=indicator),
        lambda data: corrections.indicator_update(indicator=indicator, by=request.user, **data),
        success_message="L'indicateur a été corrigé.",
        success_url=back,
        title=f"Corriger l'indicateur « {indicator.definition.name} »",
        contract=contract,
        cancel_url=back,
        intro=_intro(indicator),
    )


@require_POST
def indicator_delete(request, pk: int, indicator_pk: int):
    """Remove an indicator and its values; a refusal says what to do first."""
    contract, indicator = _corrected_indicator(request, pk, indicator_pk)
    name = indicator.definition.name
    try:
        corrections.indicator_delete(indicator=indicator, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicator_detail", contract.pk, indicator.pk)
    messages.success(request, f"L'indicateur « {name} » et ses valeurs ont été supprimés.")
    return redirect(_next_or(request, reverse("contract_indicators", args=[contract.pk])))
