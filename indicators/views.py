"""The indicators tab of the contract page."""

from django.shortcuts import render

from contracts import access
from contracts.models import Contract
from contracts.selectors import CONTRACT_HEADER_RELATED
from contracts.views import contract_context
from indicators.selectors import contract_indicator_rows


def contract_indicators(request, pk: int):
    contract = access.get_visible_contract_or_404(
        request.user, pk, Contract.objects.select_related(*CONTRACT_HEADER_RELATED)
    )
    rows = contract_indicator_rows(
        contract, include_confidential=access.can_view_confidential(request.user, contract)
    )
    return render(
        request,
        "indicators/contract_indicators.html",
        contract_context(request, contract, "indicators", rows=rows),
    )
