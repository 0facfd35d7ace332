"""Reads of indicators and their values, in a fixed number of queries."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from contracts import access
from contracts.models import Contract
from indicators.enums import Periodicity, ValueStatus
from indicators.models import Indicator, IndicatorValue, french_number
from indicators.periods import InvalidPeriod, Period, parse_any, periods_between


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: IndicatorValue | None
    # Every value, in period order: the chart leaves the rejected ones out.
    values: list[IndicatorValue] = field(default_factory=list)

    @property
    def achievement_percent(self) -> int | None:
        achievement = self.indicator.achievement(self.latest.value if self.latest else None)
        return None if achievement is None else round(achievement * 100)

    @property
    def unvalidated_count(self) -> int:
        """How many of its values wait for the ARS (drafts and submitted ones)."""
        waiting = (ValueStatus.DRAFT, ValueStatus.SUBMITTED)
        return sum(value.status in waiting for value in self.values)


def contract_indicator_rows(
    contract: Contract, *, include_confidential: bool
) -> list[IndicatorRow]:
    """Each indicator of the contract with its values and the latest not rejected (2 queries)."""
    indicators = (
        Indicator.objects.filter(contract=contract)
        .select_related("definition", "action")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("-period_start"))
        )
        .order_by("action__number", "definition__code")
    )
    if not include_confidential:
        indicators = indicators.filter(Q(action__isnull=True) | Q(action__is_confidential=False))
    rows = []
    for indicator in indicators:
        values = list(indicator.values.all())[::-1]
        rows.append(IndicatorRow(indicator=indicator, latest=latest_shown(values), values=values))
    return rows


def latest_shown(values: list[IndicatorValue]) -> IndicatorValue | None:
    """The latest of `values` (in period order) that is not rejected: the figure the charts,
    the documents and the achievement go by."""
    shown = [value for value in values if value.status != ValueStatus.REJECTED]
    return shown[-1] if shown else None


def indicator_with_values(user, contract: Contract, pk: int) -> IndicatorRow | None:
    """One indicator of the contract `user` may see, with its definition, action and its lead,
    person in charge, and every value with who entered and reviewed it (2 queries); None when
    hidden."""
    if not 0 < pk < 2**63:  # beyond a 64-bit id the database would fail instead of finding none
        return None
    indicators = access.indicators_visible_to(user, Indicator.objects.filter(contract=contract))
    indicator = (
        indicators.select_related("definition", "action__lead_person", "responsible")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.select_related(
                    "entered_by", "validated_by"
                ).order_by("period_start"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        return None
    indicator.contract = contract
    values = list(indicator.values.all())
    return IndicatorRow(indicator=indicator, latest=latest_shown(values), values=values)


def format_value(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


# --- The values grid ---------------------------------------------------------------------------

PERIODICITY_ORDER = [Periodicity.YEAR, Periodicity.SEMESTER, Periodicity.QUARTER, Periodicity.MONTH]


def term_bounds(contract: Contract) -> tuple[datetime.date, datetime.date]:
    """The days the grid covers: the contract's term, or this year while it has no dates."""
    today = timezone.localdate()
    first = contract.starts_on or datetime.date(
        contract.ends_on.year if contract.ends_on else today.year, 1, 1
    )
    last = contract.ends_on or datetime.date(max(first.year, today.year), 12, 31)
    return first, last


def term_years(contract: Contract) -> list[int]:
    first, last = term_bounds(contract)
    return list(range(first.year, last.year + 1))


# The grid's window covering the whole term, as written in its address (`?periode=tout`).
WHOLE_TERM = "tout"


@dataclass(frozen=True)
class GridWindow:
    """The days the values grid shows: the whole term, one year, or one period of a year."""

    code: str
    label: str
    first: datetime.date
    last: datetime.date

    @property
    def is_whole_term(self) -> bool:
        return self.code == WHOLE_TERM


def current_year(contract: Contract) -> int:
    """Today's year, or the nearest year of the term when today lies outside it."""
    years = term_years(contract)
    return min(max(timezone.localdate().year, years[0]), years[-1])


def grid_window(contract: Contract, code: str | None) -> GridWindow:
    """The window `code` asks for (`tout`, `2026`, `2026-S1`, `2026-Q3`, `2026-03`) within the
    contract's term; the current year when `code` is missing, malformed or outside the term."""
    first, last = term_bounds(contract)
    if code == WHOLE_TERM:
        return GridWindow(WHOLE_TERM, "toute la durée du contrat", first, last)
    try:
        period = parse_any(code or "")
    except InvalidPeriod:
        period = None
    if period is None or period.end < first or period.start > last:
        period = Period.parse(str(current_year(contract)), Periodicity.YEAR)
    return GridWindow(period.code, period.label, max(first, period.start), min(last, period.end))


@dataclass
class WindowChoices:
    """The windows of one year the grid offers: the year, then its periods of the
    sub-annual indicators shown."""

    year: int
    periods: list[Period]


def window_choices(contract: Contract, periodicities: Iterable[str]) -> list[WindowChoices]:
    """For each year of the term, the year and the periods (semesters, quarters, months) of
    `periodicities` that overlap the term."""
    first, last = term_bounds(contract)
    sub_annual = [p for p in PERIODICITY_ORDER[1:] if p in set(periodicities)]
    choices = []
    for year in term_years(contract):
        start = max(first, datetime.date(year, 1, 1))
        end = min(last, datetime.date(year, 12, 31))
        periods = [Period.parse(str(year), Periodicity.YEAR)]
        for periodicity in sub_annual:
            periods += periods_between(start, end, periodicity)
        choices.append(WindowChoices(year=year, periods=periods))
    return choices


@dataclass
class GridCell:
    period: Period
    value: IndicatorValue | None
    # What the inputs show: the stored figures, or what the user typed when it was refused.
    typed: dict = field(default_factory=dict)
    error: str = ""

    @property
    def key(self) -> str:
        return self.period.code


@dataclass
class GridRow:
    indicator: Indicator
    editable: bool
    cells: list[GridCell]
    latest: IndicatorValue | None

    @property
    def achievement_percent(self) -> int | None:
        achievement = self.indicator.achievement(self.latest.value if self.latest else None)
        return None if achievement is None else round(achievement * 100)


@dataclass
class GridGroup:
    periodicity: str
    periods: list[Period]
    rows: list[GridRow]

    @property
    def label(self) -> str:
        return Periodicity(self.periodicity).label


def _typed(value: IndicatorValue | None) -> dict:
    if value is None:
        return {"value": "", "numerator": "", "denominator": ""}
    return {
        "value": french_number(value.value),
        "numerator": "" if value.numerator is None else french_number(value.numerator),
        "denominator": "" if value.denominator is None else french_number(value.denominator),
    }


def grid_indicators(user, contract: Contract, *, action=None):
    """The indicators of the contract (or one action) `user` may see, with their values
    (2 queries)."""
    indicators = access.indicators_visible_to(user, Indicator.objects.filter(contract=contract))
    if action is not None:
        indicators = indicators.filter(action=action)
    return list(
        indicators.select_related("definition", "action__lead_person", "responsible")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.select_related("entered_by"))
        )
        .order_by("action__number", "definition__code")
    )


def values_grid(
    user, contract: Contract, indicators, *, coordinates: bool, window: GridWindow | None = None
) -> list[GridGroup]:
    """Rows of indicators grouped by periodicity, each with one cell per period of the term
    that overlaps `window` (the whole term without it). No query: `indicators` come from
    `grid_indicators`."""
    first, last = (window.first, window.last) if window else term_bounds(contract)
    groups = {}
    for indicator in indicators:
        periodicity = indicator.definition.periodicity
        if periodicity not in groups:
            groups[periodicity] = GridGroup(
                periodicity=periodicity,
                periods=periods_between(first, last, periodicity) if first <= last else [],
                rows=[],
            )
        group = groups[periodicity]
        values = {value.period: value for value in indicator.values.all()}
        ordered = sorted(values.values(), key=lambda value: value.period_start)
        editable = coordinates or access.is_named_on_indicator(user, indicator)
        cells = [
            GridCell(
                period=period, value=values.get(period.code), typed=_typed(values.get(period.code))
            )
            for period in group.periods
        ]
        group.rows.append(
            GridRow(
                indicator=indicator,
                editable=editable,
                cells=cells,
                latest=latest_shown(ordered),
            )
        )
    return [groups[p] for p in PERIODICITY_ORDER if p in groups]


# --- The ARS's queue of values to review -------------------------------------------------------


def reviewable_values(user) -> QuerySet[IndicatorValue]:
    """Every value `user` reviews, whatever its status (ARS staff: their région's; an
    administrator: all)."""
    return access.indicator_values_reviewable_by(user, IndicatorValue.objects.all())


def review_queue(user) -> QuerySet[IndicatorValue]:
    """The submitted values `user` reviews, the longest waiting first, with what the queue
    shows and the review needs of each."""
    return (
        reviewable_values(user)
        .filter(status=ValueStatus.SUBMITTED)
        .select_related(
            "indicator__definition", "indicator__contract", "indicator__action", "entered_by"
        )
        .order_by("updated_at", "pk")
    )
