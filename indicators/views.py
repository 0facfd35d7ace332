"""Pages owned by this app: the indicators tab, an indicator's page, the values grid and its
review workflow, adding indicators. The action plan's spreadsheets are in `plan_views`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from actions.models import Action
from config.french import plural
from contracts import access
from contracts.forms import apply_service_errors
from contracts.models import Contract
from contracts.views import contract_context
from indicators import services
from indicators.enums import ValueStatus
from indicators.forms import IndicatorForm, RejectForm, read_grid
from indicators.models import IndicatorValue
from indicators.selectors import (
    GridWindow,
    contract_indicator_rows,
    grid_indicators,
    grid_window,
    indicator_with_values,
    values_grid,
    window_choices,
)


def contract_indicators(request, pk: int):
    contract = access.contract_for(request.user, pk)
    rows = contract_indicator_rows(
        contract, include_confidential=access.can_view_confidential(request.user, contract)
    )
    return render(
        request,
        "indicators/contract_indicators.html",
        contract_context(request, contract, "indicators", rows=rows),
    )


def indicator_detail(request, pk: int, indicator_pk: int):
    contract = access.contract_for(request.user, pk)
    row = indicator_with_values(request.user, contract, indicator_pk)
    if row is None:
        raise Http404("Indicateur introuvable.")
    context = contract_context(request, contract, "indicators", row=row)
    action = row.indicator.action
    context["can_enter"] = context["can_coordinate"] or access.is_named_on_indicator(
        request.user, row.indicator
    )
    context["grid_url"] = _grid_url(contract, action)
    # The ARS may go back on a validation here: the way out of a refused removal.
    context["can_validate"] = access.can_validate_values(request.user, contract)
    context["validated"] = [v for v in row.values if v.status == ValueStatus.VALIDATED]
    return render(request, "indicators/indicator_detail.html", context)


# --- Values grid -------------------------------------------------------------------------------


def _grid_scope(request, pk: int, action_pk: int | None) -> tuple[Contract, Action | None]:
    contract = access.contract_for(request.user, pk)
    action = None if action_pk is None else access.action_for(request.user, contract, action_pk)
    return contract, action


def _grid_url(contract: Contract, action: Action | None, window: GridWindow | None = None) -> str:
    """The grid's address; without a window it opens on the current year."""
    if action is None:
        url = reverse("values_grid", args=[contract.pk])
    else:
        url = reverse("action_values_grid", args=[contract.pk, action.pk])
    return f"{url}?periode={window.code}" if window else url


def _grid(request, contract, action: Action | None, window: GridWindow, coordinates: bool):
    """The grid's indicators, with their values, and its rows by group."""
    indicators = grid_indicators(request.user, contract, action=action)
    groups = values_grid(request.user, contract, indicators, coordinates=coordinates, window=window)
    return indicators, groups


def _can_enter(groups) -> bool:
    return any(row.editable for group in groups for row in group.rows)


def values_grid_view(request, pk: int, action_pk: int | None = None):
    contract, action = _grid_scope(request, pk, action_pk)
    window = grid_window(contract, request.GET.get("periode"))
    context = contract_context(request, contract, "indicators")
    coordinates = context["can_coordinate"]
    indicators, groups = _grid(request, contract, action, window, coordinates)
    refused = []
    if request.method == "POST":
        if not _can_enter(groups):
            raise PermissionDenied("Vous ne pouvez saisir aucune valeur de ce contrat.")
        result = services.indicator_values_record_grid(
            entries=read_grid(request.POST, groups), by=request.user
        )
        if not result.refused:
            messages.success(request, _saved_message(len(result.saved)))
            return redirect(_grid_url(contract, action, window))
        refused = result.refused
        # Read again: the grid shows what was saved, and the refused cells as they were typed.
        indicators, groups = _grid(request, contract, action, window, coordinates)
        _show_refused(groups, refused)
        messages.warning(request, _refused_message(len(result.saved), len(refused)))
    context.update(
        action=action,
        groups=groups,
        refused=refused,
        window=window,
        window_choices=window_choices(
            contract, {indicator.definition.periodicity for indicator in indicators}
        ),
        submitted=[
            value
            for indicator in indicators
            for value in indicator.values.all()
            if value.status == "submitted"
        ],
        can_validate=access.can_validate_values(request.user, contract),
        can_enter=_can_enter(groups),
        grid_url=_grid_url(contract, action, window),
        reject_form=RejectForm(),
    )
    return render(request, "indicators/values_grid.html", context, status=422 if refused else 200)


def _saved_message(saved: int) -> str:
    return f"{plural(saved, 'valeur enregistrée,valeurs enregistrées')}."


def _refused_message(saved: int, refused: int) -> str:
    return (
        f"{plural(saved, 'valeur enregistrée,valeurs enregistrées')} ; "
        f"{plural(refused, 'refusée et signalée,refusées et signalées')} ci-dessous."
    )


def _show_refused(groups, refused):
    """Put back what the user typed in the refused cells, with the reason."""
    by_cell = {(entry.indicator.pk, entry.period): entry for entry in refused}
    for group in groups:
        for row in group.rows:
            for cell in row.cells:
                entry = by_cell.pop((row.indicator.pk, cell.period.code), None)
                if entry is not None:
                    cell.typed = {**cell.typed, **entry.typed}
                    cell.error = entry.error


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
def values_submit(request, pk: int, action_pk: int | None = None):
    contract, action = _grid_scope(request, pk, action_pk)
    coordinates = access.can_coordinate_contract(request.user, contract)
    indicators = grid_indicators(request.user, contract, action=action)
    groups = values_grid(request.user, contract, indicators, coordinates=coordinates)
    values = [
        value
        for group in groups
        for row in group.rows
        if row.editable
        for value in row.indicator.values.all()
    ]
    if not any(row.editable for group in groups for row in group.rows):
        raise PermissionDenied("Vous ne pouvez soumettre aucune valeur de ce contrat.")
    count = services.indicator_values_submit(values=values, by=request.user)
    if count:
        messages.success(
            request,
            f"{plural(count, 'valeur soumise,valeurs soumises')} à la validation de l'ARS.",
        )
    else:
        messages.info(request, "Aucune valeur en brouillon à soumettre.")
    return redirect(_back(request, _grid_url(contract, action)))


def _reviewed_value(request, pk: int, value_pk: int) -> tuple[Contract, IndicatorValue]:
    contract = access.contract_for(request.user, pk)
    values = access.indicator_values_visible_to(
        request.user,
        IndicatorValue.objects.filter(indicator__contract=contract).select_related(
            "indicator__definition", "indicator__contract"
        ),
    )
    value = get_object_or_404(values, pk=value_pk)
    if not access.can_validate_values(request.user, contract):
        raise PermissionDenied("Seuls les agents de l'ARS de la région valident les valeurs.")
    return contract, value


@require_POST
def value_validate(request, pk: int, value_pk: int):
    contract, value = _reviewed_value(request, pk, value_pk)
    try:
        services.indicator_value_validate(value=value, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"La valeur {value.period} de « {value.indicator} » est validée.")
    return redirect(_back(request, _grid_url(contract, None)))


@require_POST
def value_reject(request, pk: int, value_pk: int):
    contract, value = _reviewed_value(request, pk, value_pk)
    form = RejectForm(request.POST)
    # An empty reason is refused by the service, with its message.
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.indicator_value_reject(value=value, by=request.user, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"La valeur {value.period} de « {value.indicator} » est refusée.")
    return redirect(_back(request, _grid_url(contract, None)))


# --- Indicators --------------------------------------------------------------------------------


def indicator_add(request, pk: int):
    contract = access.contract_for(request.user, pk, may="coordinate")
    form = IndicatorForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            new_definition = form.new_definition_fields()
            definition = (
                services.indicator_definition_create_for_contract(
                    contract=contract, **new_definition
                )
                if new_definition
                else form.cleaned_data["definition"]
            )
            services.indicator_create(
                contract=contract, definition=definition, by=request.user, **form.indicator_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "L'indicateur est suivi pour ce contrat.")
            return redirect("contract_indicators", contract.pk)
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "page_title": "Ajouter un indicateur",
            "contract": contract,
            "cancel_url": reverse("contract_indicators", args=[pk]),
            "submit_label": "Ajouter l'indicateur",
            "intro": "Choisissez de préférence un indicateur du catalogue : peu d'indicateurs, "
            "pertinents et disponibles à l'échelle du territoire.",
        },
    )
