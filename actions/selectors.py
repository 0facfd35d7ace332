"""Reads of actions and funding for a contract's pages, in a fixed number of queries."""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Prefetch, Q, Sum

from actions.models import Action, ActionDocument, ActionUpdate, FundingLine
from contracts import access
from contracts.models import Contract, Meeting, Objective
from territories.models import Commune

# What full-text search looks in, in French. The GIN index of migration 0004 is on this very
# expression, so that PostgreSQL finds the matches through it; it ranks them from the vectors
# it stores (`ActionSearchDocument`, migration 0005).
ACTION_SEARCH_VECTOR = SearchVector("title", "description", "expected_results", config="french")


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


def _french_query(words: str) -> SearchQuery:
    return SearchQuery(words, config="french", search_type="websearch")


def actions_matching(words: str, actions=None):
    """The actions (by default all, else of `actions`) whose texts hold `words`: in French
    through the texts' index on PostgreSQL; on SQLite, every word in the title, description
    or expected results."""
    actions = Action.objects.all() if actions is None else actions
    if connection.vendor == "postgresql":
        return actions.annotate(search=ACTION_SEARCH_VECTOR).filter(search=_french_query(words))
    for word in words.split():
        actions = actions.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(expected_results__icontains=word)
        )
    return actions


def action_search(
    user, *, q="", theme=None, target_group=None, determinant=None, status="", region=None
):
    """The actions `user` may see matching the words `q` and the filters, best first.

    PostgreSQL searches with its French full-text configuration (stemming, accents, ranking):
    it matches through the index of the texts, then ranks from the vectors it stores for each
    action, rather than recomputing each match's vector; SQLite looks for every word in the
    texts.
    """
    actions = access.actions_visible_to(user, Action.objects.all())
    if theme:
        actions = actions.filter(themes=theme)
    if target_group:
        actions = actions.filter(target_groups=target_group)
    if determinant:
        actions = actions.filter(determinants=determinant)
    if status:
        actions = actions.filter(status=status)
    if region:
        actions = actions.filter(contract__ars__region=region)
    ordering = ["contract__title", "number"]
    if q.strip():
        actions = actions_matching(q, actions)
        if connection.vendor == "postgresql":
            actions = actions.annotate(
                rank=SearchRank(F("search_document__vector"), _french_query(q))
            )
            ordering = [F("rank").desc(nulls_last=True), *ordering]
    return (
        actions.select_related("contract__ars__region", "contract__territory", "lead_organisation")
        .prefetch_related("themes")
        .order_by(*ordering)
    )


def attach_latest_values(action: Action) -> Action:
    """Give each prefetched indicator of the sheet its latest value as `latest` (no query)."""
    for indicator in action.indicators.all():
        values = sorted(indicator.values.all(), key=lambda value: value.period_start)
        indicator.latest = values[-1] if values else None
    return action
