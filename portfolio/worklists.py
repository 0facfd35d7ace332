"""What each person has to do, on their home page.

- An action lead sees each of their own open fiches actions (of contracts in force) with what is
  due: values to enter for the periods that have begun, values the ARS refused, a follow-up note
  when the last one (or the action's start) is more than six months old, milestones past due,
  the planned end passed.
- A coordinator sees what is overdue across the contracts they coordinate: the same items on
  every open fiche action and on the contract's own indicators, a value being overdue once its
  period has ended.
- A person following an indicator sees each one (of contracts in force) with its values to
  enter and those the ARS refused.
- ARS staff and administrators see how many submitted values wait in their queue.

"Due" and "overdue" are measured against today (`timezone.localdate()`). Each list is read in a
fixed number of queries, whatever the number of actions, indicators and values.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from actions.enums import FINISHED_STATUSES
from actions.models import Action, Milestone
from actors.models import User
from config.french import plural
from contracts import access
from contracts.models import Contract, CoordinatorAssignment
from indicators.enums import ValueStatus
from indicators.models import Indicator, IndicatorValue
from indicators.periods import Period, periods_between
from indicators.selectors import review_queue, term_bounds

NOTE_MAX_AGE_MONTHS = 6
# Periods named in an item before « … »: a contract without values for years has dozens.
PERIODS_NAMED = 3


@dataclass
class DueItem:
    """One thing to do, with where to do it; `is_late` when its date has passed."""

    label: str
    url: str
    is_late: bool


@dataclass
class Work:
    """What is due on one fiche action, or on a contract's own indicators (`action` None)."""

    contract: Contract
    action: Action | None
    items: list[DueItem] = field(default_factory=list)


@dataclass
class IndicatorWork:
    """What is due on an indicator its person in charge follows."""

    indicator: Indicator
    items: list[DueItem]

    @property
    def contract(self) -> Contract:
        return self.indicator.contract


@dataclass
class ContractWork:
    contract: Contract
    rows: list[Work]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def home_worklists(user: User, on: datetime.date | None = None) -> dict:
    """The home page's lists for `user` (empty for whoever has none)."""
    on = on or timezone.localdate()
    return {
        "values_to_review": (
            review_queue(user).count() if access.has_values_to_review(user) else None
        ),
        "lead_work": lead_worklist(user, on),
        "coordination_work": coordination_worklist(user, on),
        "followed_work": followed_worklist(user, on),
    }


# --- Reads ---------------------------------------------------------------------------------------


def _followed_indicators() -> QuerySet[Indicator]:
    """Indicators with their definition and the periods that have a value (and its status)."""
    values = IndicatorValue.objects.only("indicator_id", "period", "status").order_by()
    return Indicator.objects.select_related("definition").prefetch_related(
        Prefetch("values", queryset=values, to_attr="entered")
    )


def _open_actions(actions: QuerySet[Action], on: datetime.date) -> QuerySet[Action]:
    """Actions not finished, of contracts in force, with their last note's date, their late
    milestones and their indicators (4 queries)."""
    late_milestones = Milestone.objects.filter(done_on__isnull=True, due_on__lt=on)
    return (
        actions.exclude(status__in=FINISHED_STATUSES)
        .filter(contract__in=Contract.objects.active(on))
        .select_related("contract")
        .annotate(last_note_on=Max("updates__written_on"))
        .prefetch_related(
            Prefetch("milestones", queryset=late_milestones, to_attr="late_milestones"),
            Prefetch("indicators", queryset=_followed_indicators(), to_attr="followed"),
        )
        .order_by("contract__title", "number")
    )


def lead_worklist(user: User, on: datetime.date) -> list[Work]:
    """Every open fiche action `user` leads, with what is due on it (1 query when none)."""
    actions = _open_actions(Action.objects.filter(lead_person__user=user), on)
    return [
        Work(action.contract, action, _action_items(action, on, overdue_only=False))
        for action in actions
    ]


def coordination_worklist(user: User, on: datetime.date) -> list[ContractWork]:
    """The contracts `user` coordinates with what is overdue on them, action by action
    (1 query when they coordinate none)."""
    coordinated = CoordinatorAssignment.objects.current(on).filter(person__user=user)
    own_indicators = _followed_indicators().filter(action__isnull=True)
    contracts = list(
        Contract.objects.active(on)
        .filter(pk__in=coordinated.values("contract_id"))
        .prefetch_related(Prefetch("indicators", queryset=own_indicators, to_attr="followed"))
        .order_by("title")
    )
    if not contracts:
        return []
    actions = _open_actions(Action.objects.filter(contract__in=contracts), on)
    by_contract = {contract.pk: [] for contract in contracts}
    for action in actions:
        by_contract[action.contract_id].append(action)
    return [_overdue_on(contract, by_contract[contract.pk], on) for contract in contracts]


def followed_worklist(user: User, on: datetime.date) -> list[IndicatorWork]:
    """Every indicator `user` follows (of contracts in force, among those they see), with what
    is due on it (no query when they follow none)."""
    indicators = (
        access.indicators_followed_by(user, _followed_indicators())
        .filter(contract__in=Contract.objects.active(on))
        .select_related("contract", "action")
        .order_by("contract__title", "definition__name")
    )
    return [
        IndicatorWork(
            indicator,
            _indicator_items(
                indicator.contract, indicator.action, [indicator], on, overdue_only=False
            ),
        )
        for indicator in indicators
    ]


def _overdue_on(contract: Contract, actions: list[Action], on: datetime.date) -> ContractWork:
    own = _indicator_items(contract, None, contract.followed, on, overdue_only=True)
    rows = [Work(contract, None, own)]
    rows += [
        Work(contract, action, _action_items(action, on, overdue_only=True)) for action in actions
    ]
    for row in rows:
        row.items = [item for item in row.items if item.is_late]
    return ContractWork(contract, [row for row in rows if row.items])


# --- What is due ---------------------------------------------------------------------------------


def _action_items(action: Action, on: datetime.date, *, overdue_only: bool) -> list[DueItem]:
    items = _indicator_items(
        action.contract, action, action.followed, on, overdue_only=overdue_only
    )
    sheet = reverse("action_sheet", args=[action.contract_id, action.pk])
    for milestone in action.late_milestones:
        items.append(
            DueItem(
                f"Étape « {milestone.title} » prévue le {milestone.due_on:%d/%m/%Y}",
                reverse("milestone_edit", args=[action.contract_id, action.pk, milestone.pk]),
                is_late=True,
            )
        )
    if note := _note_item(action, on):
        items.append(note)
    if action.planned_end_on and action.planned_end_on < on:
        items.append(DueItem(f"Fin prévue le {action.planned_end_on:%d/%m/%Y}", sheet, True))
    return items


def _note_item(action: Action, on: datetime.date) -> DueItem | None:
    """A note is due six months after the last one, or after the action's start."""
    url = reverse("action_note_add", args=[action.contract_id, action.pk])
    if action.last_note_on is not None:
        if action.last_note_on >= months_before(on, NOTE_MAX_AGE_MONTHS):
            return None
        return DueItem(f"Dernière note de suivi le {action.last_note_on:%d/%m/%Y}", url, True)
    started = action.starts_on or timezone.localtime(action.created_at).date()
    if started >= months_before(on, NOTE_MAX_AGE_MONTHS):
        return None
    return DueItem(f"Aucune note de suivi depuis le début, le {started:%d/%m/%Y}", url, True)


def _indicator_items(contract, action, indicators, on, *, overdue_only: bool) -> list[DueItem]:
    """Values to enter: of the periods that have begun (ended only, for `overdue_only`) within
    the contract's term and since the action's start; and values the ARS refused."""
    first, last = term_bounds(contract)
    if action is not None and action.starts_on:
        first = max(first, action.starts_on)
    items = []
    for indicator in indicators:
        periods = periods_between(first, min(last, on), indicator.definition.periodicity)
        statuses = {value.period: value.status for value in indicator.entered}
        missing = [
            period
            for period in periods
            if period.code not in statuses and (period.end < on or not overdue_only)
        ]
        refused = [code for code, status in statuses.items() if status == ValueStatus.REJECTED]
        url = _grid_url(contract, action, missing[0] if missing else None)
        name = indicator.definition.name
        if missing:
            items.append(_missing_item(name, missing, url, on))
        if refused:
            label = plural(len(refused), "valeur refusée,valeurs refusées")
            items.append(DueItem(f"« {name} » : {label} par l'ARS à corriger", url, False))
    return items


def _missing_item(name: str, missing: list[Period], url: str, on: datetime.date) -> DueItem:
    """Late as soon as one of the missing periods has ended."""
    codes = ", ".join(period.code for period in missing[:PERIODS_NAMED])
    if len(missing) > PERIODS_NAMED:
        codes += "…"
    count = plural(len(missing), "valeur à saisir,valeurs à saisir")
    is_late = any(period.end < on for period in missing)
    return DueItem(f"« {name} » : {count} ({codes})", url, is_late)


def _grid_url(contract, action, period: Period | None) -> str:
    if action is None:
        url = reverse("values_grid", args=[contract.pk])
    else:
        url = reverse("action_values_grid", args=[contract.pk, action.pk])
    return f"{url}?periode={period.code}" if period else url
