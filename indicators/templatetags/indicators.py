"""Template filters and tags of indicators: figures written the French way, the mark of a
value not yet validated, an indicator's chart, a cell of the values grid."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html

from config import fastpaths
from config.fastpaths.grid_cells import grid_cell_html
from indicators import charts
from indicators.enums import ValueStatus
from indicators.periods import period_label as label_of_period
from indicators.selectors import format_value

register = template.Library()

# What a value's status tells its readers: whatever the ARS has not validated says so.
VALUE_MARKS = {
    ValueStatus.DRAFT: ("warning", "Non validée (brouillon)"),
    ValueStatus.SUBMITTED: ("warning", "Non validée (soumise)"),
    ValueStatus.VALIDATED: ("success", "Validée"),
    ValueStatus.REJECTED: ("error", "Refusée"),
}


@register.filter
def figure(value, decimals=0):
    """`12.5` with 1 decimal → `12,5`; thousands separated by a space; `—` when unknown."""
    return format_value(value, int(decimals))


@register.filter
def period_label(code: str) -> str:
    """`2025-S1` → `1er semestre 2025`, `2025-03` → `mars 2025`: a period for people."""
    return label_of_period(code)


@register.simple_tag
def value_mark(value) -> str:
    """The badge of an `IndicatorValue`'s status: « Non validée (brouillon) », « Validée »…"""
    level, label = VALUE_MARKS[value.status]
    return format_html('<span class="fr-badge fr-badge--sm fr-badge--{}">{}</span>', level, label)


@register.filter
def value_status_text(value) -> str:
    """The same mark in words, for print: « non validée (brouillon) », « validée »…"""
    return VALUE_MARKS[value.status][1].lower()


@register.simple_tag
def values_chart(row, width: int = 420, height: int = 150):
    """The line chart of an indicator row (`selectors.IndicatorRow`): its values, baseline
    and target, the values not yet validated as hollow dots."""
    return charts.values_chart(row.indicator, row.values, width=width, height=height)


def grid_cell_context(row, cell) -> dict:
    """What a cell of the values grid shows: its labelled inputs when the row is editable
    (else the figure), the value's status and comments, and the error of a refused entry."""
    definition, value = row.indicator.definition, cell.value
    name = f"{row.indicator.pk}-{cell.period.code}"
    ratio = (
        [
            ("numerator", "Numérateur", definition.numerator_label),
            ("denominator", "Dénominateur", definition.denominator_label),
        ]
        if definition.has_ratio
        else []
    )
    return {
        "name": name,
        "period": cell.period.code,
        "editable": row.editable,
        "parts": [
            {"name": f"{part}-{name}", "typed": cell.typed.get(part, ""), "label": label, "of": of}
            for part, label, of in ratio
        ],
        "typed_value": cell.typed.get("value", ""),
        "indicator_name": definition.name,
        "value": value,
        "figure": format_value(value.value, definition.decimals) if value else "",
        "badge": value_mark(value) if value else "",
        "rejected": bool(value) and value.status == ValueStatus.REJECTED,
        "error": cell.error,
    }


@register.simple_tag
def grid_cell(row, cell) -> str:
    """One cell of the values grid (`indicators/_grid_cell.html`, or the same HTML written in
    Python by config/fastpaths/grid_cells.py: a grid holds hundreds of cells)."""
    context = grid_cell_context(row, cell)
    if fastpaths.enabled("grid_cells"):
        return grid_cell_html(context)
    return render_to_string("indicators/_grid_cell.html", context)
