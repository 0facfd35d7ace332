"""Tabs of the contract page owned by this app: axes and actions, funding."""

from django.shortcuts import render

from actions.selectors import axes_tree, funding_summary
from contracts import access
from contracts.models import Contract
from contracts.selectors import CONTRACT_HEADER_RELATED
from contracts.views import contract_context


def _contract(request, pk: int) -> Contract:
    return access.get_visible_contract_or_404(
        request.user, pk, Contract.objects.select_related(*CONTRACT_HEADER_RELATED)
    )


def contract_actions(request, pk: int):
    contract = _contract(request, pk)
    confidential = access.can_view_confidential(request.user, contract)
    return render(
        request,
        "actions/contract_actions.html",
        contract_context(
            request,
            contract,
            "actions",
            axes=axes_tree(contract, include_confidential=confidential),
        ),
    )


def contract_funding(request, pk: int):
    contract = _contract(request, pk)
    confidential = access.can_view_confidential(request.user, contract)
    return render(
        request,
        "actions/contract_funding.html",
        contract_context(
            request,
            contract,
            "funding",
            funding=funding_summary(contract, include_confidential=confidential),
        ),
    )
