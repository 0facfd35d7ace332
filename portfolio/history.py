"""A contract's history: who changed what and when, across the models whose history is kept."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from actions.models import Action, FundingLine, Milestone
from contracts.models import Amendment, Axis, Contract, CoordinatorAssignment, Objective, Signatory
from indicators.models import Indicator, IndicatorValue


@dataclass(frozen=True)
class Tracked:
    model: type
    # The path from a history row to the contract's id; through a live parent when it has one.
    contract_lookup: str
    related: tuple[str, ...]
    label: Callable


TRACKED = [
    Tracked(Contract, "id", (), lambda row: row.title),
    Tracked(Signatory, "contract_id", ("organisation",), lambda row: row.organisation.name),
    Tracked(CoordinatorAssignment, "contract_id", ("person",), lambda row: str(row.person)),
    Tracked(Amendment, "contract_id", (), lambda row: f"n° {row.number} — {row.subject}"),
    Tracked(Axis, "contract_id", (), lambda row: f"Axe {row.number} — {row.title}"),
    Tracked(Objective, "axis__contract", (), lambda row: row.title),
    Tracked(Action, "contract_id", (), lambda row: f"{row.number} — {row.title}"),
    Tracked(Milestone, "action__contract", (), lambda row: row.title),
    Tracked(
        FundingLine, "action__contract", ("funder",), lambda row: f"{row.funder.name} {row.year}"
    ),
    Tracked(Indicator, "contract_id", ("definition",), lambda row: row.definition.name),
    Tracked(
        IndicatorValue,
        "indicator__contract",
        ("indicator__definition",),
        lambda row: f"{row.indicator.definition.name} — {row.period}",
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


def _history_rows(tracked: Tracked, contract: Contract) -> list:
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
    return list(rows.order_by("-history_date")[:PER_MODEL_LIMIT])


def _changed_fields(model, row, older) -> list[str]:
    if row.history_type != "~" or older is None:
        return []
    return [
        str(model._meta.get_field(change.field).verbose_name)
        for change in row.diff_against(older).changes
    ]


def contract_history(contract: Contract) -> list[HistoryEntry]:
    """The latest changes to the contract and everything in it, newest first (one query per model)."""
    entries = []
    for tracked in TRACKED:
        rows = _history_rows(tracked, contract)
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
