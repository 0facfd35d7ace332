"""Coverage of the territories by CLS, for the maps: the situation of each EPCI of a région or
département, the population covered by département and year by year, France by département.

Coverage counts every contract, visible to the reader or not, as the territory pages and the
public directory do. Each read is a fixed number of queries that return one row per area (an
EPCI, a département) or per covered commune, never one per commune of the scope: a région
has up to 5,000 communes, and only their sums are needed.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from contracts.enums import ContractStatus
from contracts.models import (
    ACTIVE_STATUSES,
    Contract,
    in_force_condition,
    not_started_condition,
)
from portfolio.enums import CoverageSituation
from reports.selectors import ENDING_SOON_DAYS
from territories.models import Commune, Departement, Region, Territory

# From the engagement of the démarche to the signature.
PREPARING_STATUSES = (ContractStatus.SCOPING, ContractStatus.DIAGNOSIS, ContractStatus.ELABORATION)
# Statuses of a contract that was signed once: it covered its territory between its dates.
SIGNED_ONCE_STATUSES = (*ACTIVE_STATUSES, ContractStatus.CLOSED, ContractStatus.RENEWED)
SITUATION_RANK = {situation: rank for rank, situation in enumerate(CoverageSituation)}
SITUATION_LABELS = dict(CoverageSituation.choices)
COVERED_SITUATIONS = (CoverageSituation.IN_FORCE, CoverageSituation.ENDING)
# The page of each kind of area.
AREA_PAGES = {
    "epci": "epci_detail",
    "commune": "commune_detail",
    "departement": "departement_detail",
    "region": "region_detail",
}


@functools.cache
def _page_pattern(kind: str) -> str:
    # Reversed once per process: a région's tables link to 150 areas and more.
    return reverse(AREA_PAGES[kind], args=["CODE"]).replace("CODE", "{}")


@dataclass
class AreaCoverage:
    """An EPCI, a lone commune, a département or a région, with the coverage of its communes
    in the scope drawn."""

    kind: str
    code: str
    name: str
    population: int = 0
    population_covered: int = 0
    situation: str = CoverageSituation.NONE
    communes: int = 0  # for a département: its communes in the scope
    # The code of the area it lies in: a département's région, a lone commune's département.
    parent: str = ""
    # For a région of France: its départements, by code.
    children: list["AreaCoverage"] = field(default_factory=list)

    @property
    def coverage_percent(self) -> float | None:
        if not self.population:
            return None
        return round(100 * self.population_covered / self.population, 1)

    @property
    def situation_label(self) -> str:
        return SITUATION_LABELS[self.situation]

    @property
    def url(self) -> str:
        return _page_pattern(self.kind).format(self.code)

    def cover(self, population: int, situation: str) -> None:
        """Count a commune of the area that a contract covers or prepares to cover."""
        if situation in COVERED_SITUATIONS:
            self.population_covered += population
        if SITUATION_RANK[situation] < SITUATION_RANK[self.situation]:
            self.situation = situation


@dataclass
class YearCoverage:
    year: int
    population_covered: int
    population: int

    @property
    def coverage_percent(self) -> float | None:
        if not self.population:
            return None
        return round(100 * self.population_covered / self.population, 1)


@dataclass
class ScopeCoverage:
    epcis: list[AreaCoverage]
    departements: list[AreaCoverage]
    # The few communes of no EPCI (islands), drawn and listed on their own.
    communes: list[AreaCoverage]
    years: list[YearCoverage]
    commune_count: int = 0
    communes_covered: int = 0  # by a contract in force

    @property
    def uncovered(self) -> list[AreaCoverage]:
        """The EPCI and lone communes without a CLS, most populated first: where to act."""
        silent = [
            area for area in self.epcis + self.communes if area.situation == CoverageSituation.NONE
        ]
        return sorted(silent, key=lambda area: (-area.population, area.name))

    @property
    def to_act_on(self) -> list[AreaCoverage]:
        """Every EPCI and lone commune, those without a CLS first, then those preparing one,
        those whose CLS ends soon, those covered; the most populated first in each."""
        areas = self.epcis + self.communes
        return sorted(areas, key=lambda area: (-SITUATION_RANK[area.situation], -area.population))

    def situation_counts(self) -> list[tuple[str, int]]:
        counts = Counter(area.situation for area in self.epcis + self.communes)
        return [(situation.label, counts[situation]) for situation in CoverageSituation]


def contract_situation(status: str, starts_on, ends_on, on: datetime.date) -> str:
    """A contract in preparation, or signed but not yet begun, prepares its territory's
    coverage; one in force covers it (`contracts.models.in_force_condition`)."""
    if status in PREPARING_STATUSES or (starts_on and starts_on > on):
        return CoverageSituation.PREPARING
    if ends_on and ends_on <= on + datetime.timedelta(days=ENDING_SOON_DAYS):
        return CoverageSituation.ENDING
    return CoverageSituation.IN_FORCE


def covered_communes(communes: QuerySet[Commune], on: datetime.date) -> dict[str, tuple]:
    """The communes of the scope that a contract in force or in preparation covers, with the
    most lasting situation among those contracts: code → (EPCI, département, population,
    situation) (one query, a row per contract and commune covered)."""
    contracts = Contract.objects.filter(
        in_force_condition(on) | not_started_condition(on) | Q(status__in=PREPARING_STATUSES)
    )
    links = Territory.communes.through.objects.filter(
        commune__in=communes.values("pk"), territory__contracts__in=contracts.values("pk")
    ).values_list(
        "commune_id",
        "commune__epci_id",
        "commune__departement_id",
        "commune__population",
        "territory__contracts__status",
        "territory__contracts__starts_on",
        "territory__contracts__ends_on",
    )
    covered: dict[str, tuple] = {}
    for code, epci, departement, population, status, starts_on, ends_on in links:
        situation = contract_situation(status, starts_on, ends_on, on)
        best = covered.get(code, (None, None, 0, CoverageSituation.NONE))[3]
        if SITUATION_RANK[situation] < SITUATION_RANK[best]:
            covered[code] = (epci, departement, population, situation)
    return covered


def without_cls(communes: QuerySet[Commune], on: datetime.date) -> bool:
    """No contract in force, signed for a later start or in preparation covers any of these
    communes: a territory where « Démarrer un CLS » is offered (one query)."""
    return not covered_communes(communes, on)


def _areas(communes: QuerySet[Commune]) -> tuple[dict, dict, dict]:
    """The EPCI, départements and lone communes of the scope with their population and their
    number of communes (one query, a row per EPCI and département it crosses, and per commune
    of no EPCI)."""
    alone = Case(When(epci__isnull=True, then=F("code")))
    rows = (
        communes.order_by()
        .values_list("epci_id", "epci__name", "departement_id", "departement__name")
        .annotate(commune=alone, commune_name=Case(When(epci__isnull=True, then=F("name"))))
        .annotate(total=Sum("population"), count=Count("pk"))
    )
    epcis, departements, lone = {}, {}, {}
    for siren, epci_name, code, name, commune, commune_name, population, count in rows:
        departement = departements.setdefault(code, AreaCoverage("departement", code, name))
        departement.population += population
        departement.communes += count
        if siren is not None:
            epcis.setdefault(siren, AreaCoverage("epci", siren, epci_name)).population += population
        else:
            lone[commune] = AreaCoverage("commune", commune, commune_name, population, parent=code)
    return epcis, departements, lone


def scope_coverage(
    communes: QuerySet[Commune], on: datetime.date, *, years: bool = True
) -> ScopeCoverage:
    """The situation and coverage of every EPCI and département with communes in the scope,
    and the population covered year by year (three queries, whatever the scope's size; two
    without `years`, for a map without its tables).

    An EPCI takes the most lasting situation of its communes in the scope, as the list of
    territories without a CLS does: one covered commune is enough for it to have a CLS.
    """
    epcis, departements, lone = _areas(communes)
    covered = covered_communes(communes, on)
    for code, (siren, departement, population, situation) in covered.items():
        departements[departement].cover(population, situation)
        area = epcis[siren] if siren is not None else lone[code]
        area.cover(population, situation)
    return ScopeCoverage(
        commune_count=sum(departement.communes for departement in departements.values()),
        communes_covered=sum(row[3] in COVERED_SITUATIONS for row in covered.values()),
        epcis=sorted(epcis.values(), key=lambda epci: epci.name),
        departements=sorted(departements.values(), key=lambda departement: departement.code),
        communes=sorted(lone.values(), key=lambda commune: commune.name),
        years=coverage_by_year(
            communes, on, sum(departement.population for departement in departements.values())
        )
        if years
        else [],
    )


def coverage_by_year(
    communes: QuerySet[Commune], on: datetime.date, population: int
) -> list[YearCoverage]:
    """The population these communes had covered on 31 December of each year since the first
    signature, and today, from the contracts' dates (one query).

    Today's populations are used for every year, so the figures show the spread of the CLS
    rather than demography. A past year reads the dates alone, since a contract's status then
    is not kept; this year also needs the contract to be in force now.
    """
    links = Territory.communes.through.objects.filter(
        commune__in=communes.values("pk"), territory__contracts__status__in=SIGNED_ONCE_STATUSES
    ).values_list(
        "commune_id",
        "commune__population",
        "territory__contracts__status",
        Coalesce("territory__contracts__starts_on", "territory__contracts__signed_on"),
        "territory__contracts__ends_on",
    )
    terms = [row for row in links if row[3] is not None]
    if not terms:
        return []
    years = []
    for year in range(min(row[3] for row in terms).year, on.year + 1):
        moment = min(datetime.date(year, 12, 31), on)
        covered = {
            commune: commune_population
            for commune, commune_population, status, start, end in terms
            if start <= moment
            and (end is None or end >= moment)
            and (moment < on or status in ACTIVE_STATUSES)
        }
        years.append(YearCoverage(year, sum(covered.values()), population))
    return years


def france_coverage(on: datetime.date) -> list[AreaCoverage]:
    """Every département with its population and the population covered by a contract in
    force, its région as `parent` (three queries)."""
    in_force = Territory.communes.through.objects.filter(
        territory__contracts__in=Contract.objects.active(on).values("pk")
    ).values("commune_id")
    covered = dict(
        Commune.objects.filter(pk__in=in_force)
        .order_by()
        .values("departement_id")
        .annotate(total=Sum("population"))
        .values_list("departement_id", "total")
    )
    names = dict(Departement.objects.values_list("code", "name"))
    departements = [
        AreaCoverage("departement", code, names[code], total, covered.get(code, 0), parent=region)
        for code, region, total in Commune.objects.order_by()
        .values("departement_id", "region_id")
        .annotate(total=Sum("population"))
        .values_list("departement_id", "region_id", "total")
    ]
    return sorted(departements, key=lambda departement: departement.code)


def regions_coverage(departements: list[AreaCoverage]) -> list[AreaCoverage]:
    """The régions' coverage, summed from their départements' (one query, for their names);
    each région lists its départements as `children`."""
    names = dict(Region.objects.values_list("code", "name"))
    regions: dict[str, AreaCoverage] = {}
    for departement in departements:
        code = departement.parent
        region = regions.setdefault(code, AreaCoverage("region", code, names[code]))
        region.population += departement.population
        region.population_covered += departement.population_covered
        region.children.append(departement)
    return sorted(regions.values(), key=lambda region: region.name)
