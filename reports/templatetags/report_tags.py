"""Filters and tags of the documents: French dates and numbers, and the SVG charts.

Snapshots hold dates as ISO strings and numbers as decimal strings; these filters write them
the French way in the PDFs and on the web pages alike.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

from actions.enums import ActionStatus
from reports import charts

register = template.Library()


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@register.filter
def fr_date(value, style: str = "short") -> str:
    """`"2025-06-12"` → `12/06/2025`, or `12 juin 2025` with `"long"`; `—` when unknown."""
    day = _as_date(value)
    if day is None:
        return "—"
    return formats.date_format(day, "j F Y" if style == "long" else "d/m/Y")


@register.filter
def fr_number(value, decimals=None) -> str:
    """`"1234.5"` → `1 234,5`; `decimals` fixes the number of decimals; `—` when unknown."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if decimals in (None, ""):
        text = format(number.normalize(), ",f")
    else:
        text = f"{number:,.{int(decimals)}f}"
    # A narrow no-break space between thousands, a comma before decimals.
    return text.replace(",", "\u202f").replace(".", ",")


@register.filter
def euros(value) -> str:
    """`"12345.00"` → `12 345 €` (whole euros: the documents round cents away)."""
    if value in (None, ""):
        return "—"
    return f"{fr_number(value, 0)}\u00a0€"


@register.simple_tag
def indicator_chart(indicator: dict, width: int = 420, height: int = 150):
    return charts.indicator_chart(indicator, width=width, height=height)


@register.simple_tag
def funding_chart(funding: dict, width: int = 520, height: int = 170):
    return charts.funding_chart(funding, width=width, height=height)


@register.simple_tag
def status_chart(counts: dict, width: int = 520):
    return charts.status_bar(counts, dict(ActionStatus.choices), width=width)
