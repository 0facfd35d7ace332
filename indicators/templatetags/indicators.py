"""Template filters for indicator figures, written the French way."""

from django import template
from django.utils.safestring import mark_safe

from config.html import escaped
from contracts.templatetags.badges import status_badge
from indicators.enums import ValueStatus
from indicators.selectors import format_value

register = template.Library()


@register.filter
def figure(value, decimals=0):
    """`12.5` with 1 decimal → `12,5`; thousands separated by a space; `—` when unknown."""
    return format_value(value, int(decimals))


@register.simple_tag
def grid_cell(row, cell) -> str:
    """One cell of the values grid: its inputs when the row is editable (else the figure), the
    value's status, and the error of a refused entry. Written in Python with f-strings, every
    text escaped here: a grid holds hundreds of cells, and the template, then `format_html`,
    took several times as long."""
    definition = row.indicator.definition
    period = escaped(cell.period.code)
    name = f"{row.indicator.pk}-{period}"
    parts = []
    if row.editable:
        if definition.has_ratio:
            for part, placeholder, label in (
                ("numerator", "num.", definition.numerator_label),
                ("denominator", "dén.", definition.denominator_label),
            ):
                parts.append(
                    '<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" size="6" '
                    f'name="{part}-{name}" value="{escaped(cell.typed.get(part, ""))}" '
                    f'placeholder="{placeholder}" aria-label="{escaped(label)}, {period}">'
                )
        parts.append(
            f'<input class="fr-input{" fr-input--error" if cell.error else ""}" type="text" '
            f'inputmode="decimal" size="6" name="value-{name}" '
            f'value="{escaped(cell.typed.get("value", ""))}" '
            f'aria-label="{escaped(definition.name)}, {period}">'
        )
    elif cell.value:
        parts.append(escaped(format_value(cell.value.value, definition.decimals)))
    else:
        parts.append("—")
    if cell.value:
        parts.append("<br>")
        parts.append(status_badge(cell.value.status, cell.value.get_status_display()))
        if cell.value.status == ValueStatus.REJECTED:
            parts.append(f'<span class="fr-text--xs">{escaped(cell.value.review_comment)}</span>')
    if cell.error:
        parts.append(
            f'<p class="fr-message fr-message--error fr-text--xs">{escaped(cell.error)}</p>'
        )
    css = "fr-input-group--error" if cell.error else ""
    return mark_safe(f'<td class="{css}">{"".join(parts)}</td>')  # every text escaped above
