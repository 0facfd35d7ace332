"""The pages that read across the portfolio: the dashboard, the contract list, the territory
pages and a contract's history."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify

from contracts import access
from contracts.models import CoordinatorAssignment
from contracts.views import contract_context
from portfolio.coverage import france_coverage, regions_coverage, scope_coverage, without_cls
from portfolio.filters import ContractFilter, PublicContractFilter
from portfolio.history import contract_history
from portfolio.maps import france_map, region_map
from portfolio.opendata import as_csv, as_json, open_data_rows
from portfolio.selectors import (
    dashboard_for,
    public_axes,
    territory_coverage,
    territory_coverage_of_scope,
)
from portfolio.worklists import home_worklists
from territories.maps import territory_map
from territories.models import Commune, Departement, Epci, Region

PAGE_SIZE = 25


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(
        request,
        "portfolio/dashboard.html",
        {
            "dashboard": dashboard_for(request.user),
            **_dashboard_map(request.user),
            **home_worklists(request.user),
        },
    )


def _dashboard_map(user) -> dict:
    """France by département for a national administrator, their région for an ARS agent."""
    roles = access.roles_of(user)
    on = timezone.localdate()
    if roles.is_admin:
        departements = france_coverage(on)
        return {"france_map": france_map(departements), "regions": regions_coverage(departements)}
    if not roles.ars_region_ids:
        return {}
    region = Region.objects.get(code=min(roles.ars_region_ids))
    cockpit = scope_coverage(Commune.objects.filter(region=region), on, years=False)
    return {"region": region, "cockpit": cockpit, "region_map": region_map(region.name, cockpit)}


def contract_list(request):
    contracts = (
        access.contracts_visible_to(request.user)
        .select_related("territory", "ars__region")
        .prefetch_related(
            Prefetch(
                "coordinator_assignments",
                queryset=CoordinatorAssignment.objects.current().select_related("person"),
                to_attr="current_assignments",
            )
        )
        .with_coordinator_flag(timezone.localdate())
        .order_by("title")
    )
    filters = ContractFilter(request.GET, queryset=contracts)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolio/contract_list.html",
        {
            "filters": filters,
            "page": page,
            "query_string": f"{query.urlencode()}&" if query else "",
            "is_filtered": any(
                value for key, value in request.GET.items() if key not in ("page", "sort")
            ),
            "can_create": access.roles_of(request.user).is_admin
            or bool(access.roles_of(request.user).ars_region_ids),
        },
    )


def contract_history_tab(request, pk: int):
    contract = access.contract_for(request.user, pk)
    page = Paginator(contract_history(contract, request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/contract_history.html",
        contract_context(request, contract, "history", page=page, query_string=""),
    )


def _territory_page(
    request, *, title, kind_label, communes, parent=None, children=None, children_label="", **extra
):
    if "cockpit" in extra:
        coverage = territory_coverage_of_scope(request.user, communes, extra["cockpit"])
    else:
        coverage = territory_coverage(request.user, communes, timezone.localdate())
    return render(
        request,
        "portfolio/territory.html",
        {
            "title": title,
            "kind_label": kind_label,
            "parent": parent,
            "coverage": coverage,
            "children": children,
            "children_label": children_label,
            **extra,
        },
    )


def _cockpit(request, name: str, communes, region_id: str) -> dict:
    """The map of a région or département, its coverage by area and year, where to act."""
    cockpit = scope_coverage(communes, timezone.localdate())
    return {
        "cockpit": cockpit,
        "cockpit_map": region_map(name, cockpit),
        "can_start": access.can_create_contract_in(request.user, region_id),
        "start_url": reverse("contract_create"),
    }


def territory_index(request):
    regions = Region.objects.prefetch_related("departements").order_by("name")
    own = access.roles_of(request.user).ars_region_ids
    return render(
        request, "portfolio/territory_index.html", {"regions": regions, "own_region_ids": own}
    )


def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    communes = Commune.objects.filter(region=region)
    return _territory_page(
        request,
        title=region.name,
        kind_label="Région",
        communes=communes,
        children=region.departements.order_by("code"),
        children_label="Départements",
        map_download=reverse("region_map_download", args=[region.code]),
        **_cockpit(request, region.name, communes, region.code),
    )


def region_map_download(request, code: str):
    """The région's map as an SVG file (no PNG: it would need a rasteriser the platform lacks)."""
    region = get_object_or_404(Region, code=code)
    cockpit = scope_coverage(
        Commune.objects.filter(region=region), timezone.localdate(), years=False
    )
    svg = region_map(region.name, cockpit, standalone=True)
    response = HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}', content_type="image/svg+xml"
    )
    filename = f"carte-cls-{slugify(region.name)}-{timezone.localdate():%Y-%m-%d}.svg"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def departement_detail(request, code: str):
    departement = get_object_or_404(Departement.objects.select_related("region"), code=code)
    communes = Commune.objects.filter(departement=departement)
    return _territory_page(
        request,
        title=str(departement),
        kind_label="Département",
        communes=communes,
        parent=departement.region,
        **_cockpit(request, departement.name, communes, departement.region_id),
    )


def _start_here(request, communes, query: dict) -> str:
    """The address of « Démarrer un CLS » on this EPCI or lone commune, filled with it, when
    no contract covers it nor prepares to and the user may start one in its région; else ""."""
    regions = communes.order_by().values_list("region_id", flat=True).distinct()
    if not any(access.can_create_contract_in(request.user, region) for region in regions):
        return ""
    if not without_cls(communes, timezone.localdate()):
        return ""
    return f"{reverse('contract_create')}?{urlencode(query)}"


def epci_detail(request, siren: str):
    epci = get_object_or_404(Epci, siren=siren)
    communes = Commune.objects.filter(epci=epci)
    return _territory_page(
        request,
        title=epci.name,
        kind_label=epci.get_kind_display(),
        communes=communes,
        start_here_url=_start_here(request, communes, {"epci": epci.siren}),
    )


def commune_detail(request, code: str):
    commune = get_object_or_404(
        Commune.objects.select_related("departement__region", "epci"), code=code
    )
    communes = Commune.objects.filter(pk=commune.pk)
    return _territory_page(
        request,
        title=str(commune),
        kind_label="Commune",
        communes=communes,
        parent=commune.departement,
        # A commune of an EPCI starts its CLS with its EPCI; one of no EPCI (an island) alone.
        start_here_url=""
        if commune.epci_id
        else _start_here(request, communes, {"communes": code}),
    )


# --- The public directory and its open data ------------------------------------------------------


def _public_contracts(request) -> PublicContractFilter:
    contracts = access.public_contracts().order_by("ars__region__name", "title")
    return PublicContractFilter(request.GET, queryset=contracts)


@login_not_required
def public_directory(request):
    filters = _public_contracts(request)
    contracts = filters.qs.select_related("territory", "ars__region")
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolio/directory.html",
        {
            "filters": filters,
            "page": page,
            "query_string": f"{query.urlencode()}&" if query else "",
            "filter_query": query.urlencode(),
        },
    )


@login_not_required
def public_contract(request, pk: int):
    contract = get_object_or_404(
        access.public_contracts().select_related("territory", "ars__region"), pk=pk
    )
    signatories = contract.signatories.select_related("organisation").order_by("order", "id")
    return render(
        request,
        "portfolio/public_contract.html",
        {
            "contract": contract,
            "territory_map": territory_map(contract.territory),
            "signatories": signatories,
            "axes": public_axes(contract),
        },
    )


def _open_data(request, render_rows, content_type: str, extension: str) -> HttpResponse:
    rows = open_data_rows(_public_contracts(request).qs, request.build_absolute_uri("/")[:-1])
    response = HttpResponse(render_rows(rows), content_type=content_type)
    filename = f"contrats-locaux-de-sante-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
def open_data_csv(request):
    return _open_data(request, as_csv, "text/csv; charset=utf-8", "csv")


@login_not_required
def open_data_json(request):
    return _open_data(request, as_json, "application/json", "json")
