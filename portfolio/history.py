"""A contract's history: who changed what and when, across the models whose history is kept."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from actions.models import Action, ActionDocument, ActionUpdate, FundingLine, Milestone
from actors.models import User
from config.changes import FieldChange, RelatedLabels, RowChanges
from contracts import access
from contracts.models import (
    Amendment,
    Axis,
    Contract,
    CoordinatorAssignment,
    Diagnosis,
    Document,
    Finding,
    GovernanceBody,
    Meeting,
    Objective,
    Signatory,
)
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
    Tracked(Diagnosis, "contract_id", (), lambda row: "diagnostic local de santé"),
    Tracked(Finding, "diagnosis__contract", (), lambda row: row.title),
    Tracked(GovernanceBody, "contract_id", (), lambda row: row.name),
    Tracked(
        Meeting,
        "contract_id",
        (),
        lambda row: f"{row.title or 'réunion'} du {row.held_on:%d/%m/%Y}",
    ),
    Tracked(Document, "contract_id", (), lambda row: row.title),
    Tracked(Action, "contract_id", (), lambda row: f"{row.number} — {row.title}", "id"),
    Tracked(Milestone, "action__contract", (), lambda row: row.title, "action_id"),
    Tracked(
        ActionUpdate,
        "action__contract",
        ("action",),
        lambda row: f"fiche {row.action.number}, note du {row.written_on:%d/%m/%Y}",
        "action_id",
    ),
    Tracked(
        ActionDocument,
        "action__contract",
        ("action",),
        lambda row: f"fiche {row.action.number}, {row.title}",
        "action_id",
    ),
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
    # What `changes` reads, only for the entries a page shows.
    row: object = field(repr=False)
    older: object = field(repr=False)
    columns: RowChanges = field(repr=False)

    @cached_property
    def changes(self) -> list[FieldChange]:
        """Each field changed, with its value before and after."""
        return self.columns.changes(self.row, self.older)


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


def _older_rows(rows: list) -> dict:
    """Each row's previous state of the same object: rows are newest first, so its next row."""
    older_by_row = {}
    last_seen = {}
    for row in reversed(rows):
        older_by_row[row.history_id] = last_seen.get(row.id)
        last_seen[row.id] = row
    return older_by_row


def contract_history(contract: Contract, user: User) -> list[HistoryEntry]:
    """The latest changes to the contract and everything in it that `user` may see, newest
    first, each with its fields before and after (one query per model, one per kind of object
    their changes name, two more for those who do not see confidential actions)."""
    hidden = hidden_from(user, contract)
    labels = RelatedLabels()
    per_model = []
    for tracked in TRACKED:
        rows = _history_rows(tracked, contract, hidden)
        older = _older_rows(rows)
        columns = RowChanges(tracked.model, labels)
        pairs = [(row, older[row.history_id]) for row in rows]
        for row, previous in pairs:
            columns.want(row, previous)
        per_model.append((tracked, columns, pairs))
    # Every related name wanted is known now: those of the entries shown are read in one query
    # per kind, when the page reads their `changes`.
    entries = [
        _entry(tracked, columns, row, previous)
        for tracked, columns, pairs in per_model
        for row, previous in pairs
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entry(tracked: Tracked, columns: RowChanges, row, older) -> HistoryEntry:
    return HistoryEntry(
        when=row.history_date,
        who=str(row.history_user) if row.history_user else "Système",
        change=CHANGE_LABELS.get(row.history_type, row.history_type),
        object_kind=str(tracked.model._meta.verbose_name),
        object_label=tracked.label(row),
        row=row,
        older=older,
        columns=columns,
    )
