"""The pages that read across the portfolio: the dashboard, the contract list, the territory
pages and a contract's history."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from contracts import access
from contracts.models import CoordinatorAssignment
from contracts.views import contract_context
from portfolio.filters import ContractFilter
from portfolio.history import contract_history
from portfolio.selectors import dashboard_for, territory_coverage
from territories.models import Commune, Departement, Epci, Region

PAGE_SIZE = 25


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "portfolio/dashboard.html", {"dashboard": dashboard_for(request.user)})


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
    request, *, title, kind_label, communes, parent=None, children=None, children_label=""
):
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
        },
    )


def territory_index(request):
    regions = Region.objects.prefetch_related("departements").order_by("name")
    own = access.roles_of(request.user).ars_region_ids
    return render(
        request, "portfolio/territory_index.html", {"regions": regions, "own_region_ids": own}
    )


def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    return _territory_page(
        request,
        title=region.name,
        kind_label="Région",
        communes=Commune.objects.filter(region=region),
        children=region.departements.order_by("code"),
        children_label="Départements",
    )


def departement_detail(request, code: str):
    departement = get_object_or_404(Departement.objects.select_related("region"), code=code)
    return _territory_page(
        request,
        title=str(departement),
        kind_label="Département",
        communes=Commune.objects.filter(departement=departement),
        parent=departement.region,
    )


def epci_detail(request, siren: str):
    epci = get_object_or_404(Epci, siren=siren)
    return _territory_page(
        request,
        title=epci.name,
        kind_label=epci.get_kind_display(),
        communes=Commune.objects.filter(epci=epci),
    )


def commune_detail(request, code: str):
    commune = get_object_or_404(
        Commune.objects.select_related("departement__region", "epci"), code=code
    )
    return _territory_page(
        request,
        title=str(commune),
        kind_label="Commune",
        communes=Commune.objects.filter(pk=commune.pk),
        parent=commune.departement,
    )
