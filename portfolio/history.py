"""A contract's history: who changed what and when, across the models whose history is kept."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from actions.models import Action, FundingLine, Milestone
from actors.models import User
from contracts import access
from contracts.models import Amendment, Axis, Contract, CoordinatorAssignment, Objective, Signatory
from indicators.models import Indicator, IndicatorValue


@dataclass(frozen=True)
class Tracked:
    model: type
    # The path from a history row to the contract's id; through a live parent when it has one.
    contract_lookup: str
    related: tuple[str, ...]
    label: Callable
    # The history row's column naming its fiche action (confidential ones are kept from
    # readers), or its indicator's for values.
    action_column: str | None = None
    indicator_column: str | None = None


TRACKED = [
    Tracked(Contract, "id", (), lambda row: row.title),
    Tracked(Signatory, "contract_id", ("organisation",), lambda row: row.organisation.name),
    Tracked(CoordinatorAssignment, "contract_id", ("person",), lambda row: str(row.person)),
    Tracked(Amendment, "contract_id", (), lambda row: f"n° {row.number} — {row.subject}"),
    Tracked(Axis, "contract_id", (), lambda row: f"Axe {row.number} — {row.title}"),
    Tracked(Objective, "axis__contract", (), lambda row: row.title),
    Tracked(Action, "contract_id", (), lambda row: f"{row.number} — {row.title}", "id"),
    Tracked(Milestone, "action__contract", (), lambda row: row.title, "action_id"),
    Tracked(
        FundingLine,
        "action__contract",
        ("funder",),
        lambda row: f"{row.funder.name} {row.year}",
        "action_id",
    ),
    Tracked(
        Indicator, "contract_id", ("definition",), lambda row: row.definition.name, "action_id"
    ),
    Tracked(
        IndicatorValue,
        "indicator__contract",
        ("indicator__definition",),
        lambda row: f"{row.indicator.definition.name} — {row.period}",
        indicator_column="indicator_id",
    ),
]
CHANGE_LABELS = {"+": "Création", "~": "Modification", "-": "Suppression"}
# How many of the latest changes of each kind of object the page looks at.
PER_MODEL_LIMIT = 200


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    change: str
    object_kind: str
    object_label: str
    changed_fields: list[str]


@dataclass(frozen=True)
class Hidden:
    """The fiches actions (and their indicators) whose changes a reader may not see."""

    actions: frozenset[int] = frozenset()
    indicators: frozenset[int] = frozenset()


def hidden_from(user: User, contract: Contract) -> Hidden:
    """The confidential fiches actions of the contract, now or at any time of their history,
    that `user` may not see now (`access.actions_visible_to`), and their indicators."""
    if access.can_view_confidential(user, contract):
        return Hidden()
    ever = set(
        Action.history.filter(contract_id=contract.pk, is_confidential=True).values_list(
            "id", flat=True
        )
    )
    seen = access.actions_visible_to(user, Action.objects.filter(pk__in=ever))
    actions = ever - set(seen.values_list("pk", flat=True))
    indicators = Indicator.history.filter(action_id__in=actions).values_list("id", flat=True)
    return Hidden(frozenset(actions), frozenset(indicators))


def _history_rows(tracked: Tracked, contract: Contract, hidden: Hidden) -> list:
    model = tracked.model
    rows = model.history.model.objects.select_related("history_user", *tracked.related)
    if "__" in tracked.contract_lookup:
        parent_field, rest = tracked.contract_lookup.split("__", 1)
        parents = model._meta.get_field(parent_field).related_model.objects.filter(
            **{rest: contract.pk}
        )
        rows = rows.filter(**{f"{parent_field}_id__in": parents.values("pk")})
    else:
        rows = rows.filter(**{tracked.contract_lookup: contract.pk})
    if tracked.action_column and hidden.actions:
        rows = rows.exclude(**{f"{tracked.action_column}__in": hidden.actions})
    if tracked.indicator_column and hidden.indicators:
        rows = rows.exclude(**{f"{tracked.indicator_column}__in": hidden.indicators})
    return list(rows.order_by("-history_date")[:PER_MODEL_LIMIT])


def _changed_fields(model, row, older) -> list[str]:
    if row.history_type != "~" or older is None:
        return []
    return [
        str(model._meta.get_field(change.field).verbose_name)
        for change in row.diff_against(older).changes
    ]


def contract_history(contract: Contract, user: User) -> list[HistoryEntry]:
    """The latest changes to the contract and everything in it that `user` may see, newest
    first (one query per model, two more for those who do not see confidential actions)."""
    hidden = hidden_from(user, contract)
    entries = []
    for tracked in TRACKED:
        rows = _history_rows(tracked, contract, hidden)
        # Rows are newest first: the previous state of an object is its next row in the list.
        older_by_row = {}
        last_seen = {}
        for row in reversed(rows):
            older_by_row[row.history_id] = last_seen.get(row.id)
            last_seen[row.id] = row
        for row in rows:
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    who=str(row.history_user) if row.history_user else "Système",
                    change=CHANGE_LABELS.get(row.history_type, row.history_type),
                    object_kind=str(tracked.model._meta.verbose_name),
                    object_label=tracked.label(row),
                    changed_fields=_changed_fields(
                        tracked.model, row, older_by_row[row.history_id]
                    ),
                )
            )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
