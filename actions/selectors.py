"""Reads of actions and funding for a contract's pages, in a fixed number of queries."""

from django.db.models import Prefetch, Sum

from actions.models import Action, FundingLine
from contracts.models import Contract, Objective


def axes_tree(contract: Contract, *, include_confidential: bool):
    """The contract's axes with their objectives and actions, ready for a tree (3 queries)."""
    actions = Action.objects.select_related("lead_organisation").order_by("number")
    if not include_confidential:
        actions = actions.public()
    return contract.axes.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("order", "number", "id")),
        Prefetch("actions", queryset=actions),
    ).order_by("order", "number")


def funding_summary(contract: Contract, *, include_confidential: bool) -> dict:
    """Planned, granted and paid amounts by year and by funder (2 queries)."""
    lines = FundingLine.objects.filter(action__contract=contract)
    if not include_confidential:
        lines = lines.filter(action__is_confidential=False)
    amounts = {
        "planned": Sum("planned_amount"),
        "granted": Sum("granted_amount"),
        "paid": Sum("paid_amount"),
    }
    by_year = list(lines.values("year").annotate(**amounts).order_by("year"))
    by_funder = list(lines.values("funder__name").annotate(**amounts).order_by("funder__name"))
    totals = {
        key: sum((row[key] or 0) for row in by_year) for key in ("planned", "granted", "paid")
    }
    return {"by_year": by_year, "by_funder": by_funder, "totals": totals}
