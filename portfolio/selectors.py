"""Reads across the portfolio for ARS staff and collectivités: dashboard figures, coverage.

Every read starts from the contracts a user may see (`contracts.access`), so the dashboard,
the contract list and the territory pages show the same scope.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from actions.models import Action
from actors.models import User
from contracts import access
from contracts.enums import ContractStatus
from contracts.models import Contract, not_started_condition
from portfolio.coverage import ScopeCoverage
from reports.selectors import ALERTS, AlertKind
from reports.snapshots import number_key
from territories.models import Commune, Epci, Territory

DASHBOARD_CONTRACTS = 15
# The order contracts are listed on the dashboard: those in force first, then those in
# preparation, then the ended ones.
STATUS_RANK = {
    status: rank
    for rank, statuses in enumerate(
        [
            (ContractStatus.IMPLEMENTATION, ContractStatus.EVALUATION, ContractStatus.SIGNED),
            (ContractStatus.ELABORATION, ContractStatus.DIAGNOSIS, ContractStatus.SCOPING),
            (ContractStatus.CLOSED, ContractStatus.RENEWED, ContractStatus.ABANDONED),
        ]
    )
    for status in statuses
}


@dataclass
class Alert:
    kind: AlertKind
    count: int


@dataclass
class Dashboard:
    contracts: list[Contract]
    status_counts: list[tuple[str, str, int]]
    contract_count: int
    not_started_count: int  # signed, not yet in force
    population_covered: int
    scope_population: int | None
    communes_covered: int
    epci_covered: int
    alerts: list[Alert]

    @property
    def coverage_percent(self) -> float | None:
        if not self.scope_population:
            return None
        return round(100 * self.population_covered / self.scope_population, 1)


def scope_population(user: User) -> int | None:
    """The population the user is answerable for: France, their région(s), or none."""
    roles = access.roles_of(user)
    if not roles.is_admin and not roles.ars_region_ids:
        return None
    communes = (
        Commune.objects.all()
        if roles.is_admin
        else Commune.objects.filter(region__in=roles.ars_region_ids)
    )
    return communes.aggregate(total=Sum("population"))["total"] or 0


def covered_communes(contracts: QuerySet[Contract], on: datetime.date) -> QuerySet[Commune]:
    """Communes inside the territory of a contract in force."""
    # The links of the territories in force, not every commune joined to them then made
    # distinct: three to four times faster on the national data.
    links = Territory.communes.through.objects.filter(
        territory__contracts__in=contracts.active(on).values("pk")
    )
    return Commune.objects.filter(pk__in=links.values("commune_id"))


def dashboard_contracts(contracts: QuerySet[Contract], on: datetime.date) -> QuerySet[Contract]:
    """The first contracts in the dashboard's order with what it flags on each, in one query."""
    rank = Case(
        *(When(status=status, then=Value(r)) for status, r in STATUS_RANK.items()), default=Value(9)
    )
    order = ("status_rank", "-starts_on", "title")
    first = contracts.annotate(status_rank=rank).order_by(*order)[:DASHBOARD_CONTRACTS]
    # The flags are read for these contracts alone: over a national administrator's thousand
    # contracts, PostgreSQL looked for the late actions of every one (12 ms of 16).
    late = Action.objects.late(on).filter(contract=OuterRef("pk"))
    return (
        Contract.objects.filter(pk__in=first.values("pk"))
        .select_related("territory", "ars__region")
        .with_coordinator_flag(on)
        .annotate(has_late_actions=Exists(late), status_rank=rank)
        .order_by(*order)
    )


def dashboard_for(user: User, on: datetime.date | None = None) -> Dashboard:
    """The dashboard figures of everything `user` may see (a fixed number of queries)."""
    on = on or timezone.localdate()
    contracts = access.contracts_visible_to(user)
    rows = list(
        contracts.values_list("status")
        .annotate(n=Count("pk"), not_started=Count("pk", filter=not_started_condition(on)))
        .order_by()
    )
    counts = {status: n for status, n, _ in rows}
    coverage = covered_communes(contracts, on).aggregate(
        population=Sum("population"), communes=Count("pk"), epcis=Count("epci", distinct=True)
    )
    return Dashboard(
        contracts=list(dashboard_contracts(contracts, on)),
        status_counts=[
            (status.value, status.label, counts.get(status.value, 0)) for status in ContractStatus
        ],
        contract_count=sum(counts.values()),
        not_started_count=sum(not_started for _, _, not_started in rows),
        population_covered=coverage["population"] or 0,
        scope_population=scope_population(user),
        communes_covered=coverage["communes"],
        epci_covered=coverage["epcis"],
        alerts=[Alert(kind, kind.select(contracts, on).count()) for kind in ALERTS.values()],
    )


@dataclass
class TerritoryCoverage:
    contracts: QuerySet[Contract]
    population: int
    population_covered: int
    communes: int
    communes_covered: int
    uncovered_epcis: list[Epci]

    @property
    def coverage_percent(self) -> float | None:
        if not self.population:
            return None
        return round(100 * self.population_covered / self.population, 1)


def territory_coverage(
    user: User, communes: QuerySet[Commune], on: datetime.date
) -> TerritoryCoverage:
    """Which contracts cover these communes, and which EPCI have none (« territoires sans CLS »).

    Coverage figures count every contract in force, as the public directory does; the list of
    contracts shows only those the user may open.
    """
    # One row per commune of the territory, saying whether a contract in force covers it; the
    # totals and the EPCI without a CLS are counted from these rows. Three aggregate queries
    # over the same communes took three times longer.
    in_force = Contract.objects.active(on).filter(territory__communes=OuterRef("pk"))
    rows = (
        communes.order_by()
        .annotate(covered=Exists(in_force))
        .values_list("epci_id", "population", "covered")
    )
    population = population_covered = count = count_covered = 0
    epcis: dict[str, list] = {}  # siren → [population in the territory, any commune covered]
    for epci, commune_population, covered in rows:
        count += 1
        population += commune_population
        if covered:
            count_covered += 1
            population_covered += commune_population
        if epci is not None:
            totals = epcis.setdefault(epci, [0, False])
            totals[0] += commune_population
            totals[1] = totals[1] or covered
    uncovered = {siren: total for siren, (total, covered) in epcis.items() if not covered}
    uncovered_epcis = list(Epci.objects.filter(siren__in=uncovered))
    for epci in uncovered_epcis:
        epci.population = uncovered[epci.siren]
    uncovered_epcis.sort(key=lambda epci: (-epci.population, epci.name))
    return TerritoryCoverage(
        contracts=covering_contracts(user, communes),
        population=population,
        population_covered=population_covered,
        communes=count,
        communes_covered=count_covered,
        uncovered_epcis=uncovered_epcis,
    )


def covering_contracts(user: User, communes: QuerySet[Commune]) -> QuerySet[Contract]:
    """The contracts `user` may open whose territory has one of these communes."""
    # Each visible contract looks for one of these communes in its territory, rather than
    # joining the communes of every territory of France.
    touching = Territory.communes.through.objects.filter(
        territory=OuterRef("territory"), commune__in=communes.values("pk")
    )
    # The page lists a title, a status and a term: a région has a hundred and more.
    return (
        access.contracts_visible_to(user)
        .filter(Exists(touching))
        .only("title", "status", "starts_on", "ends_on")
        .order_by("-starts_on", "title")
    )


def territory_coverage_of_scope(
    user: User, communes: QuerySet[Commune], scope: ScopeCoverage
) -> TerritoryCoverage:
    """`territory_coverage` with the totals the map's figures already hold: a région's page
    reads its 5,000 communes once. Its territories without a CLS are the map's own."""
    return TerritoryCoverage(
        contracts=covering_contracts(user, communes),
        population=sum(area.population for area in scope.departements),
        population_covered=sum(area.population_covered for area in scope.departements),
        communes=scope.commune_count,
        communes_covered=scope.communes_covered,
        uncovered_epcis=[],
    )


# --- The public directory ------------------------------------------------------------------------


def public_axes(contract: Contract) -> list:
    """The contract's axes with their actions that are not confidential, in number order, as
    `public_actions` (two queries)."""
    actions = Prefetch(
        "actions", queryset=Action.objects.public().order_by("number"), to_attr="public_actions"
    )
    axes = list(contract.axes.order_by("order", "number").prefetch_related(actions))
    for axis in axes:
        axis.public_actions.sort(key=lambda action: number_key(action.number))
    return axes
