"""Template filters for indicator figures, written the French way."""

from django import template

from indicators.selectors import format_value

register = template.Library()


@register.filter
def figure(value, decimals=0):
    """`12.5` with 1 decimal → `12,5`; thousands separated by a space; `—` when unknown."""
    return format_value(value, int(decimals))
