"""Reads of indicators and their values, in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q

from contracts.models import Contract
from indicators.models import Indicator, IndicatorValue


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
