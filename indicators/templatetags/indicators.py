"""Template filters for indicator figures, written the French way."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
    value's status, and the error of a refused entry. Written in Python: a grid holds hundreds
    of cells, and the template took several times as long."""
    definition = row.indicator.definition
    period = cell.period.code
    name = f"{row.indicator.pk}-{period}"
    parts = []
    if row.editable:
        if definition.has_ratio:
            for part, placeholder, label in (
                ("numerator", "num.", definition.numerator_label),
                ("denominator", "dén.", definition.denominator_label),
            ):
                parts.append(
                    format_html(
                        '<input class="fr-input fr-mb-1v" type="text" inputmode="decimal" '
                        'size="6" name="{}-{}" value="{}" placeholder="{}" aria-label="{}, {}">',
                        part,
                        name,
                        cell.typed.get(part, ""),
                        placeholder,
                        label,
                        period,
                    )
                )
        parts.append(
            format_html(
                '<input class="fr-input{}" type="text" inputmode="decimal" size="6" '
                'name="value-{}" value="{}" aria-label="{}, {}">',
                " fr-input--error" if cell.error else "",
                name,
                cell.typed.get("value", ""),
                definition.name,
                period,
            )
        )
    elif cell.value:
        parts.append(format_value(cell.value.value, definition.decimals))
    else:
        parts.append("—")
    if cell.value:
        parts.append(mark_safe("<br>"))
        parts.append(status_badge(cell.value.status, cell.value.get_status_display()))
        if cell.value.status == ValueStatus.REJECTED:
            parts.append(
                format_html('<span class="fr-text--xs">{}</span>', cell.value.review_comment)
            )
    if cell.error:
        parts.append(
            format_html('<p class="fr-message fr-message--error fr-text--xs">{}</p>', cell.error)
        )
    return format_html(
        '<td class="{}">{}</td>',
        "fr-input-group--error" if cell.error else "",
        format_html_join("", "{}", ((part,) for part in parts)),
    )
