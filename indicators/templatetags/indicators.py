"""Template filters for indicator figures, written the French way."""

from django import template
from django.template.loader import render_to_string

from config import fastpaths
from config.fastpaths.grid_cells import grid_cell_html
from contracts.templatetags.badges import status_badge
from indicators.enums import ValueStatus
from indicators.selectors import format_value

register = template.Library()


@register.filter
def figure(value, decimals=0):
    """`12.5` with 1 decimal → `12,5`; thousands separated by a space; `—` when unknown."""
    return format_value(value, int(decimals))


def grid_cell_context(row, cell) -> dict:
    """What a cell of the values grid shows: its inputs when the row is editable (else the
    figure), the value's status, and the error of a refused entry."""
    definition, value = row.indicator.definition, cell.value
    name = f"{row.indicator.pk}-{cell.period.code}"
    ratio = (
        [
            ("numerator", "num.", definition.numerator_label),
            ("denominator", "dén.", definition.denominator_label),
        ]
        if definition.has_ratio
        else []
    )
    return {
        "name": name,
        "period": cell.period.code,
        "editable": row.editable,
        "parts": [
            {
                "name": f"{part}-{name}",
                "typed": cell.typed.get(part, ""),
                "placeholder": placeholder,
                "label": label,
            }
            for part, placeholder, label in ratio
        ],
        "typed_value": cell.typed.get("value", ""),
        "indicator_name": definition.name,
        "value": value,
        "figure": format_value(value.value, definition.decimals) if value else "",
        "badge": status_badge(value.status, value.get_status_display()) if value else "",
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
