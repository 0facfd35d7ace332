"""Reads of actions and funding for a contract's pages, in a fixed number of queries."""

import datetime
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Prefetch, Q, Sum, TextField

from actions.models import Action, ActionDocument, ActionUpdate, FundingLine
from contracts import access
from contracts.models import Contract, Meeting, Objective
from territories.models import Commune, Region

# What full-text search looks in, in French without accents (migration 0006). The GIN index of
# migrations 0004 and 0006 is on this very expression, so that PostgreSQL finds the matches
# through it; it ranks them from the vectors it stores (`ActionSearchDocument`, migration 0005).
SEARCH_CONFIG = "french_unaccent"
SEARCHED_FIELDS = ("title", "description", "expected_results")
ACTION_SEARCH_VECTOR = SearchVector(*SEARCHED_FIELDS, config=SEARCH_CONFIG)
# The SQLite function that folds a text like `fold` (registered by `register_sqlite_fold`).
SQLITE_FOLD = "cls_fold"
FOLDED_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", '"': " "})


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
    fields: list[str]
    reason: str


# How many of the latest changes the sheet shows.
SHEET_HISTORY_LIMIT = 15


def action_history(action: Action) -> list[HistoryLine]:
    """The latest changes to a sheet, newest first, with the fields each one changed (1 query)."""
    rows = list(
        action.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : SHEET_HISTORY_LIMIT + 1
        ]
    )
    tracked = [
        field
        for field in Action._meta.concrete_fields
        if field.name not in ("id", "version", "created_at", "updated_at")
    ]
    lines = []
    # Each change beside the one before it; a sheet may have no history at all (created in
    # bulk, or its history purged by `clean_old_history`).
    for row, older in itertools.zip_longest(rows, rows[1:]):
        fields = []
        if older is not None and row.history_type == "~":
            fields = [
                str(field.verbose_name)
                for field in tracked
                if getattr(row, field.attname) != getattr(older, field.attname)
            ]
        lines.append(
            HistoryLine(
                when=row.history_date,
                who=str(row.history_user) if row.history_user else "Système",
                change={"+": "Création", "~": "Modification", "-": "Suppression"}[row.history_type],
                fields=fields,
                reason=row.history_change_reason or "",
            )
        )
    return lines[:SHEET_HISTORY_LIMIT]


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


def actions_matching(words: str, actions=None):
    """The actions (by default all, else of `actions`) whose texts hold `words`, accents and
    capitals aside: in French through the texts' index on PostgreSQL; on SQLite, every word in
    the title, description or expected results, both sides folded."""
    actions = Action.objects.all() if actions is None else actions
    if connection.vendor == "postgresql":
        return actions.annotate(search=ACTION_SEARCH_VECTOR).filter(search=_french_query(words))
    actions = actions.alias(
        **{
            f"folded_{name}": Func(F(name), function=SQLITE_FOLD, output_field=TextField())
            for name in SEARCHED_FIELDS
        }
    )
    for word in fold(words).split():
        in_any_text = Q()
        for name in SEARCHED_FIELDS:
            in_any_text |= Q(**{f"folded_{name}__contains": word})
        actions = actions.filter(in_any_text)
    return actions


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
        actions = actions.annotate(
            rank=SearchRank(F("search_document__vector"), _french_query(words))
        )
        ordering = [F("rank").desc(nulls_last=True), *ordering]
    return (
        actions.select_related("contract__ars__region", "contract__territory", "lead_organisation")
        .prefetch_related("themes")
        .order_by(*ordering)
    )


def regions_with_results(user, *, region=None, **criteria):
    """The régions where `user` finds actions for `criteria` (all but the région), and the
    région chosen, so that the filter never hides the user's own choice."""
    found = _searched(user, **criteria).values("contract__ars__region_id")
    chosen = Q(pk=region.pk) if region else Q()
    return Region.objects.filter(Q(pk__in=found) | chosen).order_by("name")


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
