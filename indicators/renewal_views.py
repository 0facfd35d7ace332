"""« Renouveler le contrat »: the next generation's title and dates, whether it carries the plan
over, and the preview of what it would carry before anything is written (indicators/renewal.py).

The preview is the answer to the form's POST; its page sends the same choices back, as hidden
fields, to confirm them or to change them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from contracts import access, services
from contracts.forms import RenewForm, apply_service_errors
from contracts.models import Contract
from indicators import renewal
from indicators.renewal import CarriedStatus


class RenewalForm(RenewForm):
    """The next generation's title and dates, and whether it starts with the plan of the one it
    renews: nothing is carried over unless asked."""

    carry_plan = forms.BooleanField(
        label="Reprendre le plan d'action : axes, objectifs, fiches actions en cours et leurs "
        "indicateurs",
        required=False,
    )
    statuses = forms.TypedChoiceField(
        label="Statut des fiches actions reprises",
        choices=CarriedStatus.choices,
        coerce=CarriedStatus,
        widget=forms.RadioSelect,
        initial=CarriedStatus.KEEP,
        required=False,
        empty_value=CarriedStatus.KEEP,
    )

    def renewal_fields(self) -> dict:
        """What `contracts.services.contract_renew` takes: the title and the dates."""
        return {name: self.cleaned_data[name] for name in RenewForm.base_fields}


def contract_renew(request, pk: int):
    contract = access.contract_for(request.user, pk, may="manage")
    form = RenewalForm(
        request.POST or None,
        initial={"title": f"{contract.title} (génération {contract.generation + 1})"},
    )
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        if form.cleaned_data["carry_plan"] and "confirm" not in request.POST:
            return _preview(request, contract, form)
        try:
            successor = _renew(request, contract, form)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _done_message(form))
            return redirect(successor.get_absolute_url())
    return render(request, "contracts/renewal_form.html", {"contract": contract, "form": form})


def _preview(request, contract: Contract, form: RenewalForm):
    plan = renewal.renewal_plan(contract=contract, statuses=form.cleaned_data["statuses"])
    return render(
        request,
        "contracts/renewal_preview.html",
        {"contract": contract, "form": form, "plan": plan},
    )


def _renew(request, contract: Contract, form: RenewalForm) -> Contract:
    if not form.cleaned_data["carry_plan"]:
        return services.contract_renew(contract=contract, **form.renewal_fields())
    return renewal.contract_renew_with_plan(
        contract=contract,
        by=request.user,
        statuses=form.cleaned_data["statuses"],
        **form.renewal_fields(),
    )


def _done_message(form: RenewalForm) -> str:
    carried = " avec le plan d'action repris" if form.cleaned_data["carry_plan"] else ""
    return f"Le contrat de génération suivante a été créé{carried} ; l'ancien est marqué renouvelé."
