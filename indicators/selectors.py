"""Reads of indicators and their values, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from contracts import access
from contracts.models import Contract
from indicators.enums import Periodicity
from indicators.models import Indicator, IndicatorValue, french_number
from indicators.periods import Period, periods_between


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: IndicatorValue | None

    @property
    def achievement_percent(self) -> int | None:
        achievement = self.indicator.achievement(self.latest.value if self.latest else None)
        return None if achievement is None else round(achievement * 100)


def contract_indicator_rows(
    contract: Contract, *, include_confidential: bool
) -> list[IndicatorRow]:
    """Each indicator of the contract with its latest value (2 queries)."""
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
        values = list(indicator.values.all())
        rows.append(IndicatorRow(indicator=indicator, latest=values[0] if values else None))
    return rows


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
        indicators.select_related("definition", "action__lead_person")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.select_related("entered_by"))
        )
        .order_by("action__number", "definition__code")
    )


def values_grid(
    user, contract: Contract, indicators, *, coordinates: bool, year: int | None = None
) -> list[GridGroup]:
    """Rows of indicators grouped by periodicity, each with one cell per period of the term
    (of `year` only when given). No query: `indicators` come from `grid_indicators`."""
    first, last = term_bounds(contract)
    if year is not None:
        first = max(first, datetime.date(year, 1, 1))
        last = min(last, datetime.date(year, 12, 31))
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
        editable = coordinates or (
            indicator.action is not None and access.is_action_lead(user, indicator.action)
        )
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
                latest=ordered[-1] if ordered else None,
            )
        )
    return [groups[p] for p in PERIODICITY_ORDER if p in groups]
