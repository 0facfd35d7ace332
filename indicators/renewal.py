"""A renewal that carries the plan over: the next generation of a contract starts with the axes,
the objectives (their tree kept), the fiches actions still open and the indicators of the one
it renews.

`renewal_plan` reads what would be carried over, for the preview; `contract_renew_with_plan`
opens the next generation and copies that plan in one transaction. Every row is created with
its history (who, and why) in a number of queries that does not grow with the rows.

It lives in `indicators`, the first app that knows contracts, actions and indicators alike
(the dependency chain of tests/test_architecture.py), as the import of a plan does.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from actions.enums import FINISHED_STATUSES, ActionStatus
from actions.fields import LIST_FIELDS, model_field
from actions.models import Action
from actors.models import User
from contracts.enums import ObjectiveLevel
from contracts.models import Axis, Contract, Objective
from contracts.services import contract_renew
from indicators.enums import CatalogueScope
from indicators.models import Indicator, IndicatorDefinition, IndicatorValue


class CarriedStatus(models.TextChoices):
    """What the copy does with the status of the fiches actions it carries over."""

    KEEP = "keep", "Garder le statut de chaque fiche (en cours, suspendue…)"
    RESET = "reset", "Remettre chaque fiche au statut « Prévue »"


# Columns a copy never takes from its original: its id, the times of its writing, and the
# version a fiche's concurrent edits are checked against, which starts afresh.
NOT_COPIED = {"id", "created_at", "updated_at", "version"}
# The status a reset fiche restarts from: the one a new fiche is given.
INITIAL_STATUS = ActionStatus(model_field("status").default)


@dataclass
class CarriedIndicator:
    """An indicator as the next generation will follow it: the last validated value of the
    old one becomes its baseline; a target dated before that baseline is left to redefine."""

    indicator: Indicator
    baseline_value: Decimal | None
    baseline_on: datetime.date | None
    baseline_period: str = ""

    @property
    def keeps_target(self) -> bool:
        target_on = self.indicator.target_on
        return not (target_on and self.baseline_on and target_on < self.baseline_on)


@dataclass
class CarriedAction:
    action: Action
    status: ActionStatus
    indicators: list[CarriedIndicator] = field(default_factory=list)


@dataclass
class CarriedAxis:
    axis: Axis
    objectives: list[Objective]  # in the order of the tree: each parent before its children
    actions: list[CarriedAction]


@dataclass
class RenewalPlan:
    """What a renewal carries over from `contract`, by axis."""

    contract: Contract
    axes: list[CarriedAxis]
    contract_indicators: list[CarriedIndicator]
    finished_actions: int  # done or abandoned: left with the old contract

    @property
    def objectives(self) -> list[Objective]:
        return [objective for axis in self.axes for objective in axis.objectives]

    @property
    def actions(self) -> list[CarriedAction]:
        return [action for axis in self.axes for action in axis.actions]

    @property
    def indicators(self) -> list[CarriedIndicator]:
        of_actions = [indicator for action in self.actions for indicator in action.indicators]
        return self.contract_indicators + of_actions


# --- Reading what is carried over --------------------------------------------------------------


def renewal_plan(
    *, contract: Contract, statuses: CarriedStatus = CarriedStatus.KEEP
) -> RenewalPlan:
    """What renewing `contract` with its plan would copy (five queries, whatever its size)."""
    objectives = Objective.objects.filter(axis__contract=contract)
    actions = contract.actions.exclude(status__in=FINISHED_STATUSES)
    carried = [
        CarriedAction(
            action,
            INITIAL_STATUS if statuses == CarriedStatus.RESET else ActionStatus(action.status),
        )
        for action in actions
    ]
    contract_indicators = _attach_indicators(contract, carried)
    return RenewalPlan(
        contract=contract,
        axes=_by_axis(contract.axes.all(), list(objectives), carried),
        contract_indicators=contract_indicators,
        finished_actions=contract.actions.filter(status__in=FINISHED_STATUSES).count(),
    )


def _last_validated(name: str) -> Subquery:
    values = IndicatorValue.objects.validated().filter(indicator=OuterRef("pk"))
    return Subquery(values.order_by("-period_start").values(name)[:1])


def _carried_indicator(indicator: Indicator) -> CarriedIndicator:
    """Submitted, rejected or draft values say nothing yet: without a validated one, the old
    baseline stays. A value is as of the end of its period."""
    if indicator.last_value is None:
        return CarriedIndicator(indicator, indicator.baseline_value, indicator.baseline_on)
    return CarriedIndicator(
        indicator, indicator.last_value, indicator.last_period_end, indicator.last_period
    )


def _attach_indicators(contract: Contract, actions: list[CarriedAction]) -> list[CarriedIndicator]:
    """Give each carried fiche its indicators; those of the contract itself are returned."""
    indicators = contract.indicators.select_related("definition").annotate(
        last_value=_last_validated("value"),
        last_period=_last_validated("period"),
        last_period_end=_last_validated("period_end"),
    )
    by_action = {carried.action.pk: carried for carried in actions}
    of_contract = []
    for indicator in indicators:
        if indicator.action_id is None:
            of_contract.append(_carried_indicator(indicator))
        elif indicator.action_id in by_action:
            by_action[indicator.action_id].indicators.append(_carried_indicator(indicator))
    return of_contract


def _by_axis(axes, objectives: list[Objective], actions: list[CarriedAction]) -> list[CarriedAxis]:
    children = defaultdict(list)
    for objective in objectives:
        children[objective.parent_id].append(objective)

    def tree(parents: list[Objective]) -> list[Objective]:
        return [node for parent in parents for node in (parent, *tree(children[parent.pk]))]

    return [
        CarriedAxis(
            axis,
            tree([root for root in children[None] if root.axis_id == axis.pk]),
            [carried for carried in actions if carried.action.axis_id == axis.pk],
        )
        for axis in axes
    ]


# --- Copying it into the next generation -------------------------------------------------------


@transaction.atomic
def contract_renew_with_plan(
    *,
    contract: Contract,
    by: User | None,
    statuses: CarriedStatus = CarriedStatus.KEEP,
    **renewal,
) -> Contract:
    """Open the next generation of `contract` (`contracts.services.contract_renew`, which takes
    `renewal`: title, dates) with the plan `renewal_plan` describes. Milestones, follow-up notes,
    funding lines, documents and indicator values stay with the old contract."""
    plan = renewal_plan(contract=contract, statuses=statuses)
    successor = contract_renew(contract=contract, **renewal)
    history = {
        "default_user": by,
        "default_change_reason": f"Repris de « {contract.title} » au renouvellement",
    }
    axes = _copy_axes(plan, successor, history)
    objectives = _copy_objectives(plan, axes, history)
    actions = _copy_actions(plan, successor, axes, history)
    _copy_action_lists(actions, objectives)
    _copy_indicators(plan, successor, actions, history)
    return successor


# The copies are of rows their own services validated; they are written in bulk, without
# `full_clean()` (a query or more per row), and the database's constraints still hold them.


def _created(model, pairs: list[tuple], history: dict) -> dict:
    """Create the copies in `pairs` (original, copy); the copies by the original's id."""
    if pairs:
        bulk_create_with_history([copy for _, copy in pairs], model, **history)
    return {original.pk: copy for original, copy in pairs}


def _copy_axes(plan: RenewalPlan, successor: Contract, history: dict) -> dict[int, Axis]:
    pairs = [(carried.axis, _copy_of(carried.axis, contract=successor)) for carried in plan.axes]
    return _created(Axis, pairs, history)


def _copy_objectives(plan: RenewalPlan, axes: dict, history: dict) -> dict[int, Objective]:
    """Level after level, so that each parent has its id when its children are written."""
    copies = {}
    for level in ObjectiveLevel:
        pairs = [
            (
                objective,
                _copy_of(
                    objective,
                    axis=axes[objective.axis_id],
                    parent=copies.get(objective.parent_id),
                ),
            )
            for objective in plan.objectives
            if objective.level == level
        ]
        copies |= _created(Objective, pairs, history)
    return copies


def _copy_actions(plan, successor, axes, history) -> dict[int, Action]:
    """Every column of the fiche is carried over, but its status (kept or reset) and its end:
    an open fiche has not ended."""
    pairs = [
        (
            carried.action,
            _copy_of(
                carried.action,
                contract=successor,
                axis=axes[carried.action.axis_id],
                status=carried.status,
                ended_on=None,
            ),
        )
        for carried in plan.actions
    ]
    return _created(Action, pairs, history)


def _copy_action_lists(actions: dict[int, Action], objectives: dict[int, Objective]):
    """The fiches' lists (objectives, partners, publics…), two queries a list; the objectives
    are those of the new generation."""
    for name in LIST_FIELDS:
        relation = model_field(name)
        through, source, target = (
            relation.remote_field.through,
            relation.m2m_column_name(),
            relation.m2m_reverse_name(),
        )
        rows = through.objects.filter(**{f"{source}__in": list(actions)}).values_list(
            source, target
        )
        copies = objectives if name == "objectives" else None
        links = [
            through(**{source: actions[a].pk, target: t if copies is None else copies[t].pk})
            for a, t in rows
        ]
        through.objects.bulk_create(links)


def _copy_indicators(plan, successor, actions, history):
    definitions = _copy_own_definitions(plan, successor)
    pairs = [
        (
            carried.indicator,
            _copy_of(
                carried.indicator,
                contract=successor,
                action=actions.get(carried.indicator.action_id),
                definition=definitions.get(carried.indicator.definition_id)
                or carried.indicator.definition,
                baseline_value=carried.baseline_value,
                baseline_on=carried.baseline_on,
                **({} if carried.keeps_target else {"target_value": None, "target_on": None}),
            ),
        )
        for carried in plan.indicators
    ]
    _created(Indicator, pairs, history)


def _copy_own_definitions(plan: RenewalPlan, successor: Contract) -> dict[int, IndicatorDefinition]:
    """Definitions of the old contract's own are its alone: the successor gets its own copies,
    coded as a new contract's own definitions are (`CLS12-1`)."""
    own = {
        carried.indicator.definition_id: carried.indicator.definition
        for carried in plan.indicators
        if carried.indicator.definition.scope == CatalogueScope.CONTRACT
    }
    codes = _free_codes(successor, len(own))
    copies = [
        (definition, _copy_of(definition, code=code, contract=successor))
        for definition, code in zip(own.values(), codes, strict=True)
    ]
    IndicatorDefinition.objects.bulk_create([copy for _, copy in copies])
    return {original.pk: copy for original, copy in copies}


def _free_codes(contract: Contract, count: int) -> list[str]:
    if not count:
        return []
    prefix = f"CLS{contract.pk}-"
    taken = set(
        IndicatorDefinition.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    )
    free = (f"{prefix}{number}" for number in range(1, count + len(taken) + 1))
    return [code for code in free if code not in taken][:count]


def _copy_of(instance, **changes):
    """An unsaved copy of `instance` with `changes`; a field added to its model later is copied
    too, as a user carrying their plan over would expect."""
    model = type(instance)
    columns = {
        field.attname: getattr(instance, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in NOT_COPIED and field.name not in changes
    }
    return model(**columns, **changes)
