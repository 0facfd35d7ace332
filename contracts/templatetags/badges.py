"""The coloured badge of a status (contract, action, value, report), written in Python: a page
can hold hundreds of them (the values grid), and a template include per badge cost 0.2 ms."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

BADGE_CLASSES = {
    **dict.fromkeys(("implementation", "signed", "done", "validated", "ready"), "success"),
    **dict.fromkeys(
        ("evaluation", "submitted", "paused", "running", "pending", "not_started"), "info"
    ),
    "ended": "warning",
    **dict.fromkeys(("abandoned", "blocked", "rejected", "failed"), "error"),
    **dict.fromkeys(("closed", "renewed"), "no-icon"),
}


@register.simple_tag
def status_badge(status: str, label: str) -> str:
    return format_html(
        '<span class="fr-badge fr-badge--sm fr-badge--{}">{}</span>',
        BADGE_CLASSES.get(status, "new"),
        label,
    )


@register.simple_tag
def contract_status_badge(contract, on: datetime.date | None = None) -> str:
    """The contract's status as `Contract.shown_status` tells it on `on` (today by default)."""
    return status_badge(*contract.shown_status(on or timezone.localdate()))


@register.simple_tag
def contract_status(contract, on: datetime.date | None = None) -> str:
    """The label of `contract_status_badge`, as plain text."""
    return contract.shown_status(on or timezone.localdate())[1]
