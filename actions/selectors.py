"""Reads of actions and funding for a contract's pages, in a fixed number of queries."""

import datetime
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)

from actions.enums import ActionStatus
from actions.models import (
    Action,
    ActionDocument,
    ActionSearchDocument,
    ActionUpdate,
    FundingLine,
    Milestone,
)
from config.changes import LIST_REASON_PREFIX, FieldChange, RowChanges
from contracts import access
from contracts.models import Contract, Meeting, Objective
from territories.models import Commune

# What full-text search looks in, in French without accents (migration 0006). The GIN index of
# migrations 0004 and 0006 is on this very expression, so that PostgreSQL finds the matches
# through it; it ranks them from the vectors it stores (`ActionSearchDocument`, migration 0005).
SEARCH_CONFIG = "french_unaccent"
SEARCHED_FIELDS = ("title", "description", "expected_results")
ACTION_SEARCH_VECTOR = SearchVector(*SEARCHED_FIELDS, config=SEARCH_CONFIG)
# The SQLite function that folds a text like `fold` (registered by `register_sqlite_fold`).
SQLITE_FOLD = "cls_fold"
FOLDED_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", '"': " "})


def axes_tree(contract: Contract, actions: QuerySet[Action], *, hide_empty: bool = False):
    """The contract's axes with their objectives and `actions`, ready for a tree (3 queries),
    each axis with the `progress` of its fiches among `counted` (`progress_by_axis`). With
    `hide_empty`, only the axes that hold one of `actions`."""
    axes = contract.axes.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("order", "number", "id")),
        Prefetch(
            "actions", queryset=actions.select_related("lead_organisation").order_by("number")
        ),
    ).order_by("order", "number")
    return [axis for axis in axes if axis.actions.all() or not hide_empty]


@dataclass(frozen=True)
class Progress:
    """How many fiches are done among those that count: abandoned ones do not."""

    done: int = 0
    counted: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(self.done + other.done, self.counted + other.counted)


def progress_by_axis(actions: QuerySet[Action]) -> dict[int, Progress]:
    """The progress of `actions` on each axis (1 query)."""
    rows = (
        actions.order_by()
        .values("axis_id")
        .annotate(
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
            counted=Count("pk", filter=~Q(status=ActionStatus.ABANDONED)),
        )
    )
    return {row["axis_id"]: Progress(row["done"], row["counted"]) for row in rows}


def action_rows(actions: QuerySet[Action], keys: Iterable[str]) -> list[Action]:
    """`actions` in the plan's order with what the chosen columns (`keys`) show: axis and
    leads; `last_note_on`, `theme_labels` and `target_group_labels` when asked for (one
    query each)."""
    keys = set(keys)
    actions = actions.select_related("axis", "lead_organisation", "lead_person")
    if "last_note_on" in keys:
        notes = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on")
        actions = actions.annotate(last_note_on=Subquery(notes.values("written_on")[:1]))
    rows = list(actions.order_by("axis__order", "axis__number", "number"))
    for relation in ("themes", "target_groups"):
        if relation in keys:
            labels = linked_values([row.pk for row in rows], relation, ["label"])
            for row in rows:
                setattr(row, f"{relation[:-1]}_labels", labels[row.pk])
    return rows


def timeline_actions(actions: QuerySet[Action]) -> list[Action]:
    """`actions` in the plan's order with their milestones (2 queries)."""
    milestones = Milestone.objects.order_by("due_on", "order", "id")
    return list(
        actions.prefetch_related(Prefetch("milestones", queryset=milestones)).order_by(
            "axis__order", "axis__number", "number"
        )
    )


def status_board(actions: QuerySet[Action]) -> list[tuple[str, str, list[Action]]]:
    """`actions` by status, one column per status in the lifecycle's order (1 query)."""
    by_status = defaultdict(list)
    for action in actions.select_related("axis", "lead_organisation").order_by(
        "axis__order", "axis__number", "number"
    ):
        by_status[action.status].append(action)
    return [(status, name, by_status[status]) for status, name in ActionStatus.choices]


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


def linked_values(
    action_ids: Iterable[int],
    relation: str,
    fields: Sequence[str],
    ordering: Sequence[str] | None = None,
) -> defaultdict[int, list]:
    """For each action, `fields` of what its many-to-many `relation` links it to, in
    `ordering` (by default the related model's): a value per link with one field, a tuple with
    several. One query on the link table, without a model instance per link: documents and
    spreadsheets list these by their labels, and prefetching them cost three times as much.
    """
    field = Action._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()

    def path(name: str) -> str:
        return f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"

    order = [*(ordering or field.related_model._meta.ordering), "pk"]
    links = (
        field.remote_field.through.objects.filter(**{f"{source}__in": list(action_ids)})
        .order_by(*map(path, order))
        .values_list(source, *map(path, fields))
    )
    linked = defaultdict(list)
    for action_id, *values in links:
        linked[action_id].append(values[0] if len(values) == 1 else tuple(values))
    return linked


def _related_model(name: str):
    # Models of later apps (indicators) are reached through the relation, never imported.
    return Action._meta.get_field(name).related_model


def action_for_sheet(contract: Contract):
    """The contract's actions with everything their sheet shows (one query per list)."""
    indicator_model = _related_model("indicators")
    return contract.actions.select_related(
        "axis", "lead_organisation", "lead_person__organisation"
    ).prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("order", "number", "id")),
        "partners",
        "target_groups",
        "determinants",
        "themes",
        Prefetch("intervention_communes", queryset=Commune.objects.order_by("name")),
        "milestones",
        Prefetch("updates", queryset=ActionUpdate.objects.select_related("author")),
        Prefetch("funding_lines", queryset=FundingLine.objects.select_related("funder")),
        Prefetch("documents", queryset=ActionDocument.objects.select_related("uploaded_by")),
        Prefetch("reviewed_in", queryset=Meeting.objects.select_related("body")),
        Prefetch(
            "indicators",
            queryset=indicator_model.objects.select_related("definition").order_by(
                "definition__code"
            ),
        ),
        "indicators__values",
    )


@dataclass
class HistoryLine:
    when: datetime.datetime
    who: str
    change: str
    changes: list[FieldChange]
    reason: str


# How many of the latest changes the sheet shows.
SHEET_HISTORY_LIMIT = 15
CHANGE_LABELS = {"+": "Création", "~": "Modification", "-": "Suppression"}


def action_history(action: Action) -> list[HistoryLine]:
    """The latest changes to a sheet, newest first, each field with its value before and after
    (1 query, and one per kind of related object changed: `config.changes.RowChanges`)."""
    rows = list(
        action.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHEET_HISTORY_LIMIT + 1
        ]
    )
    # Each change beside the one before it; a sheet may have no history at all (created in
    # bulk, or its history purged by `clean_old_history`).
    pairs = list(itertools.zip_longest(rows, rows[1:]))[:SHEET_HISTORY_LIMIT]
    columns = RowChanges(Action)
    for row, older in pairs:
        columns.want(row, older)
    return [
        HistoryLine(
            when=row.history_date,
            who=str(row.history_user) if row.history_user else "Système",
            change=CHANGE_LABELS[row.history_type],
            changes=columns.changes(row, older),
            reason=_shown_reason(row.history_change_reason),
        )
        for row, older in pairs
    ]


def _shown_reason(reason: str | None) -> str:
    """A change's reason, unless it only named the lists changed (now shown as changes)."""
    return "" if not reason or reason.startswith(LIST_REASON_PREFIX) else reason


def fold(text: str | None) -> str:
    """`text` in lower case, without accents nor ligatures: what SQLite compares in a search."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(FOLDED_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def register_sqlite_fold(sender, connection, **kwargs):
    """Give each new SQLite connection `fold` as a function: PostgreSQL has `unaccent`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)


def _french_query(words: str) -> SearchQuery:
    return SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")


def _folded(name: str) -> Func:
    function = "unaccent" if connection.vendor == "postgresql" else SQLITE_FOLD
    return Func(F(name), function=function, output_field=TextField())


def actions_containing(words: str, actions: QuerySet[Action], fields=SEARCHED_FIELDS):
    """The actions of `actions` holding every word of `words` in one of `fields`, accents
    and capitals aside (`unaccent` on PostgreSQL, `fold` on SQLite)."""
    actions = actions.alias(**{f"folded_{name}": _folded(name) for name in fields})
    for word in fold(words).split():
        in_any_field = Q()
        for name in fields:
            in_any_field |= Q(**{f"folded_{name}__icontains": word})
        actions = actions.filter(in_any_field)
    return actions


def actions_matching(words: str, actions=None):
    """The actions (by default all, else of `actions`) whose texts hold `words`, accents and
    capitals aside: in French through the texts' index on PostgreSQL; on SQLite, every word in
    the title, description or expected results (`actions_containing`)."""
    actions = Action.objects.all() if actions is None else actions
    if connection.vendor == "postgresql":
        return actions.alias(search=ACTION_SEARCH_VECTOR).filter(search=_french_query(words))
    return actions_containing(words, actions)


def _searched(
    user, *, q="", theme=None, target_group=None, determinant=None, status="", region=None
):
    """What `user` may find (`access.actions_searchable_by`) matching the words and filters."""
    actions = access.actions_searchable_by(user, Action.objects.all())
    filters = {
        "themes": theme,
        "target_groups": target_group,
        "determinants": determinant,
        "status": status,
        "contract__ars__region": region,
    }
    actions = actions.filter(**{name: value for name, value in filters.items() if value})
    return actions_matching(q, actions) if q.strip() else actions


def action_search(user, **criteria):
    """The actions `user` may find matching the words `q` and the filters, best first.

    PostgreSQL searches with its French full-text configuration (stemming, accents, ranking):
    it matches through the index of the texts, then ranks from the vectors it stores for each
    action, rather than recomputing each match's vector; SQLite looks for every word in the
    texts.
    """
    actions = _searched(user, **criteria)
    ordering = ["contract__title", "number"]
    words = criteria.get("q", "")
    if words.strip() and connection.vendor == "postgresql":
        # Each match's rank is read through its document's key: joined to the matches, the
        # 50,000 documents were hashed whole for the 5,000 matches of « santé » in France.
        rank = ActionSearchDocument.objects.filter(action=OuterRef("pk")).annotate(
            rank=SearchRank(F("vector"), _french_query(words))
        )
        actions = actions.annotate(rank=Subquery(rank.values("rank")[:1]))
        ordering = [F("rank").desc(nulls_last=True), *ordering]
    return (
        actions.select_related("contract__ars__region", "contract__territory", "lead_organisation")
        .prefetch_related("themes")
        .order_by(*ordering)
    )


def found_by_region(user, *, region=None, **criteria) -> dict[str, int]:
    """How many actions `user` finds for `criteria` in each région, the région filter aside:
    the région filter's choices and the count of the results, in one query."""
    rows = _searched(user, **criteria).order_by().values_list("contract__ars__region_id")
    return dict(rows.annotate(found=Count("pk")))


def searched_sheet():
    """Actions with what a fiche found in the search shows (one query per list)."""
    return Action.objects.select_related(
        "axis", "lead_organisation", "contract__territory", "contract__ars__region"
    ).prefetch_related("themes", "target_groups", "determinants")


def attach_latest_values(action: Action) -> Action:
    """Give each prefetched indicator of the sheet its latest value as `latest` (no query)."""
    for indicator in action.indicators.all():
        values = sorted(indicator.values.all(), key=lambda value: value.period_start)
        indicator.latest = values[-1] if values else None
    return action
