"""The frozen data of a document: everything it shows, read once when it is asked for.

A snapshot is a plain JSON-able dict (dates as ISO strings, amounts and values as decimal
strings), stored on the `EvaluationReport` and hashed: the PDF is rendered from it alone, so a
document made today still shows tomorrow what the data was today, and asking again when
nothing changed finds the same hash and the existing file.

Each kind of document takes the sections it shows; each section is read in a fixed number of
queries whatever the size of the contract.
"""

import datetime
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from actions.enums import ActionStatus
from actions.fields import LIST_FIELDS, TEXT_FIELDS
from actions.models import Action, ActionUpdate, FundingLine, Milestone
from actions.selectors import linked_values
from contracts.enums import AssignmentPhase, DocumentKind, LinkedScheme
from contracts.models import (
    Axis,
    Contract,
    CoordinatorAssignment,
    Diagnosis,
    Meeting,
    Objective,
    Signatory,
)
from indicators.enums import ValueStatus
from indicators.models import Indicator, IndicatorValue
from reports.enums import ReportKind
from reports.selectors import ALERTS
from territories.maps import territory_map
from territories.models import Territory

# Bump when the shape of a snapshot changes: documents of the old shape are not reused.
SNAPSHOT_VERSION = 3
# How many meetings the contract summary lists.
SUMMARY_MEETINGS = 10


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal | None) -> str:
    return str((value or Decimal(0)).quantize(Decimal("0.01")))


def _value(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def number_key(number: str) -> tuple:
    """`"1.10"` after `"1.9"`: action numbers sort as numbers, part by part."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\-\s]+", number)
    )


def snapshot_hash(snapshot: dict) -> str:
    """The sha256 of the snapshot written canonically: equal data, equal hash."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- Sections ----------------------------------------------------------------------------------


def contract_section(contract: Contract, on: datetime.date) -> dict:
    """Title, status on `on`, term, territory with its communes and population, ARS
    (2 queries)."""
    contract = Contract.objects.select_related("territory", "ars__region", "predecessor").get(
        pk=contract.pk
    )
    territory = contract.territory
    communes = territory.communes.order_by("name").values_list("code", "name", "population")
    schemes = dict(LinkedScheme.choices)
    return {
        "id": contract.pk,
        "title": contract.title,
        "kind": contract.get_kind_display(),
        "generation": contract.generation,
        "predecessor": contract.predecessor.title if contract.predecessor else None,
        "status": contract.shown_status(on)[1],
        "ars": contract.ars.name,
        "region": contract.ars.region.name if contract.ars.region else "",
        "signed_on": _date(contract.signed_on),
        "starts_on": _date(contract.starts_on),
        "ends_on": _date(contract.ends_on),
        "summary": contract.summary,
        "linked_schemes": [schemes.get(code, code) for code in contract.linked_schemes],
        "linked_schemes_notes": contract.linked_schemes_notes,
        "territory": {
            "name": territory.name,
            "kind": territory.get_kind_display(),
            "population": territory.population,
            "communes": [
                {"code": code, "name": name, "population": population}
                for code, name, population in communes
            ],
        },
    }


def territory_map_section(contract: Contract) -> str:
    """The contract's territory drawn on its département, as SVG markup (two queries)."""
    return str(territory_map(Territory.objects.get(pk=contract.territory_id)))


def signatories_section(contract: Contract) -> list[dict]:
    signatories = Signatory.objects.filter(contract=contract).select_related(
        "organisation", "person"
    )
    return [
        {
            "organisation": signatory.organisation.name,
            "role": signatory.get_role_display(),
            "person": str(signatory.person) if signatory.person else "",
            "deliberation_on": _date(signatory.deliberation_on),
            "signed_on": _date(signatory.signed_on),
        }
        for signatory in signatories.order_by("order", "id")
    ]


def coordinators_section(contract: Contract, on: datetime.date) -> list[dict]:
    """Every coordinator, latest first, each current, upcoming or previous on `on`
    (2 queries)."""
    assignments = (
        CoordinatorAssignment.objects.filter(contract=contract)
        .select_related("person__organisation")
        .prefetch_related("funders")
        .order_by("-started_on")
    )
    return [
        {
            "name": str(assignment.person),
            "job_title": assignment.person.job_title,
            "organisation": (
                assignment.person.organisation.name if assignment.person.organisation else ""
            ),
            "started_on": _date(assignment.started_on),
            "ended_on": _date(assignment.ended_on),
            "fte": _value(assignment.fte),
            "funders": [funder.name for funder in assignment.funders.all()],
            "current": assignment.phase(on) == AssignmentPhase.CURRENT,
            "upcoming": assignment.phase(on) == AssignmentPhase.UPCOMING,
        }
        for assignment in assignments
    ]


def diagnosis_section(contract: Contract) -> dict | None:
    """The local health diagnosis: summary, author, date, sources, findings by theme in the
    themes' order, and the titles of its documents (3 queries); None when none is written."""
    diagnosis = Diagnosis.objects.filter(contract=contract).select_related("carried_out_by").first()
    if diagnosis is None:
        return None
    themes = defaultdict(list)
    for finding in diagnosis.findings.select_related("theme").order_by(
        "theme__order", "order", "id"
    ):
        themes[finding.theme.label].append(
            {"title": finding.title, "description": finding.description}
        )
    documents = contract.documents.filter(kind=DocumentKind.DIAGNOSIS).order_by("title")
    return {
        "summary": diagnosis.summary,
        "carried_out_by": diagnosis.carried_out_by.name if diagnosis.carried_out_by else "",
        "completed_on": _date(diagnosis.completed_on),
        "sources": diagnosis.sources,
        "themes": [{"theme": theme, "findings": rows} for theme, rows in themes.items()],
        "documents": list(documents.values_list("title", flat=True)),
    }


def amendments_section(contract: Contract) -> list[dict]:
    return [
        {
            "number": amendment.number,
            "signed_on": _date(amendment.signed_on),
            "subject": amendment.subject,
            "description": amendment.description,
        }
        for amendment in contract.amendments.order_by("number")
    ]


def _action_summary(action: Action, on: datetime.date) -> dict:
    return {
        "number": action.number,
        "title": action.title,
        "status": action.get_status_display(),
        "status_code": action.status,
        "is_late": bool(
            action.planned_end_on
            and action.planned_end_on < on
            and action.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
        ),
        "is_confidential": action.is_confidential,
        "priority": action.get_priority_display(),
        "lead_organisation": action.lead_organisation.name if action.lead_organisation else "",
        "lead_person": str(action.lead_person) if action.lead_person else "",
        "starts_on": _date(action.starts_on),
        "planned_end_on": _date(action.planned_end_on),
        "ended_on": _date(action.ended_on),
    }


def _funding_line(line: FundingLine) -> dict:
    return {
        "funder": line.funder.name,
        "scheme": line.get_scheme_display(),
        "year": line.year,
        "nature": line.get_nature_display(),
        "status": line.get_status_display(),
        "planned": _amount(line.planned_amount),
        "granted": _amount(line.granted_amount),
        "paid": _amount(line.paid_amount),
    }


# How documents name the items of a fiche's lists where not by their label, and the order they
# list them in where not their model's.
ITEM_NAMES = {
    "objectives": ("number", "title"),
    "partners": ("name",),
    "intervention_communes": ("name",),
}
ITEM_ORDERS = {"objectives": ("order", "number", "id"), "intervention_communes": ("name",)}


def _sheet_lists(action_ids: list[int]) -> dict[str, dict[int, list]]:
    """The lists of every fiche action, by field then action (one query per list)."""
    return {
        name: linked_values(
            action_ids, name, ITEM_NAMES.get(name, ("label",)), ITEM_ORDERS.get(name)
        )
        for name in LIST_FIELDS
    }


def _update(update: ActionUpdate) -> dict:
    return {
        "written_on": _date(update.written_on),
        "author": str(update.author),
        "text": update.text,
        "new_status": update.get_new_status_display() if update.new_status else "",
    }


def _follow_up(action: Action) -> dict:
    """The action's milestones, funding lines and notes, as prefetched."""
    return {
        "milestones": [
            {"title": m.title, "due_on": _date(m.due_on), "done_on": _date(m.done_on)}
            for m in action.milestones.all()
        ],
        "funding": [_funding_line(line) for line in action.funding_lines.all()],
        "updates": [_update(update) for update in action.updates.all()],
    }


def _action_sheet(action: Action, on: datetime.date, lists: dict[str, dict[int, list]]) -> dict:
    """The whole fiche action, as the action book prints it."""
    return {
        **_action_summary(action, on),
        **{name: getattr(action, name) for name in TEXT_FIELDS},
        "citizen_participation": action.get_citizen_participation_display(),
        **{name: lists[name][action.pk] for name in LIST_FIELDS},
        # As `str(objective)` writes them.
        "objectives": [
            f"{number} {title}".strip() for number, title in lists["objectives"][action.pk]
        ],
        **_follow_up(action),
    }


# What `_action_summary` reads, and the keys it is grouped by.
SUMMARY_FIELDS = (
    "axis_id",
    "number",
    "title",
    "status",
    "planned_end_on",
    "is_confidential",
    "priority",
    "lead_organisation__name",
    "lead_person__first_name",
    "lead_person__last_name",
    "starts_on",
    "ended_on",
)


def _actions(contract: Contract, include_confidential: bool) -> QuerySet[Action]:
    actions = Action.objects.filter(contract=contract).select_related(
        "lead_organisation", "lead_person"
    )
    return actions if include_confidential else actions.public()


def _whole_follow_up() -> tuple[Prefetch, ...]:
    """Every milestone, funding line and note of the actions, as a fiche shows them."""
    return (
        Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_on", "id")),
        Prefetch(
            "funding_lines",
            queryset=FundingLine.objects.select_related("funder").order_by("year", "funder__name"),
        ),
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.select_related("author").order_by(
                "-written_on", "-created_at"
            ),
        ),
    )


def _year_follow_up(year: int) -> tuple[Prefetch, ...]:
    """The milestones due or done, the funding lines and the notes of `year`, in time order."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.filter(written_on__range=(first, last))
            .select_related("author")
            .order_by("written_on", "created_at"),
        ),
        Prefetch(
            "milestones",
            queryset=Milestone.objects.filter(
                Q(due_on__range=(first, last)) | Q(done_on__range=(first, last))
            ).order_by("due_on", "id"),
        ),
        Prefetch(
            "funding_lines",
            queryset=FundingLine.objects.filter(year=year)
            .select_related("funder")
            .order_by("funder__name"),
        ),
    )


def _axis(axis: Axis, rows: list[dict]) -> dict:
    rows = sorted(rows, key=lambda row: number_key(row["number"]))
    statuses = Counter(row["status_code"] for row in rows)
    return {
        "number": axis.number,
        "title": axis.title,
        "description": axis.description,
        "objectives": [str(objective) for objective in axis.objectives.all()],
        "actions": rows,
        "status_counts": {
            status.value: statuses[status.value]
            for status in ActionStatus
            if statuses[status.value]
        },
    }


def _axes(contract: Contract, actions: Iterable[Action], row: Callable[[Action], dict]) -> list:
    """The axes in order with their top objectives, each with the `row` of its actions in
    numeric order (2 queries)."""
    by_axis = defaultdict(list)
    for action in actions:
        by_axis[action.axis_id].append(row(action))
    axes = Axis.objects.filter(contract=contract).prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.filter(parent__isnull=True).order_by(
                "order", "number", "id"
            ),
        )
    )
    return [_axis(axis, by_axis[axis.pk]) for axis in axes.order_by("order", "number")]


def summary_axes_section(
    contract: Contract, *, include_confidential: bool, on: datetime.date
) -> list[dict]:
    """The axes with a line per action (3 queries)."""
    # A line per action: its long texts are not shown, so not loaded either.
    actions = _actions(contract, include_confidential).only(*SUMMARY_FIELDS)
    return _axes(contract, actions, lambda action: _action_summary(action, on))


def action_book_axes_section(
    contract: Contract, *, include_confidential: bool, on: datetime.date
) -> list[dict]:
    """The axes with every field of each fiche action (12 queries)."""
    actions = list(_actions(contract, include_confidential).prefetch_related(*_whole_follow_up()))
    lists = _sheet_lists([action.pk for action in actions])
    return _axes(contract, actions, lambda action: _action_sheet(action, on, lists))


def annual_review_axes_section(
    contract: Contract, *, include_confidential: bool, on: datetime.date, year: int
) -> list[dict]:
    """The axes with a line per action and its notes, milestones and funding of `year`
    (6 queries)."""
    actions = (
        _actions(contract, include_confidential)
        .only(*SUMMARY_FIELDS)
        .prefetch_related(*_year_follow_up(year))
    )
    return _axes(contract, actions, lambda action: _action_summary(action, on) | _follow_up(action))


# What the documents show of an indicator's definition: as stored, or as its label (`DISPLAYED`).
DEFINITION_FIELDS = (
    "code",
    "name",
    "kind",
    "unit",
    "decimals",
    "direction",
    "source",
    "periodicity",
)
DISPLAYED_DEFINITION_FIELDS = ("kind", "periodicity")


def _indicators(contract: Contract, include_confidential: bool) -> QuerySet[Indicator]:
    indicators = (
        Indicator.objects.filter(contract=contract)
        .select_related("definition", "action")
        .only(
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "action__number",
            *(f"definition__{name}" for name in DEFINITION_FIELDS),
        )
    )
    if not include_confidential:
        indicators = indicators.filter(Q(action__isnull=True) | Q(action__is_confidential=False))
    return indicators


def _value_series(
    indicators: QuerySet[Indicator], until: datetime.date | None
) -> tuple[dict[int, list[dict]], dict[int, Decimal]]:
    """Each indicator's values but the rejected ones, in period order, and its latest figure
    (1 query)."""
    # Values as tuples: a contract has thousands, and building each as a model instance took
    # most of the section's time.
    values = IndicatorValue.objects.filter(indicator__in=indicators.values("pk")).exclude(
        status=ValueStatus.REJECTED
    )
    if until is not None:
        values = values.filter(period_end__lte=until)
    series_of, latest_figure = defaultdict(list), {}
    statuses = dict(ValueStatus.choices)
    for indicator_id, period, value, status in values.order_by("period_start").values_list(
        "indicator_id", "period", "value", "status"
    ):
        series_of[indicator_id].append(
            {
                "period": period,
                "value": _value(value),
                "validated": status == ValueStatus.VALIDATED,
                "status": statuses[status],
            }
        )
        latest_figure[indicator_id] = value  # in period order: the last one stays
    return series_of, latest_figure


def _indicator_row(indicator: Indicator, series: list[dict], latest_figure) -> dict:
    definition = indicator.definition
    latest = series[-1] if series else None
    achievement = indicator.achievement(latest_figure)
    return {
        **{name: getattr(definition, name) for name in DEFINITION_FIELDS},
        **{
            name: getattr(definition, f"get_{name}_display")()
            for name in DISPLAYED_DEFINITION_FIELDS
        },
        "action": indicator.action.number if indicator.action else None,
        "baseline": _value(indicator.baseline_value),
        "baseline_on": _date(indicator.baseline_on),
        "target": _value(indicator.target_value),
        "target_on": _date(indicator.target_on),
        "values": series,
        "latest": None
        if latest is None
        else {key: latest[key] for key in ("period", "value", "validated")},
        "achievement_percent": None if achievement is None else round(achievement * 100),
    }


def indicators_section(
    contract: Contract, *, include_confidential: bool, until: datetime.date | None = None
) -> list[dict]:
    """Each indicator with baseline, target and its values up to `until` (2 queries).

    Rejected values are left out; the others carry their status so that a value not yet
    validated is shown as such.
    """
    indicators = _indicators(contract, include_confidential)
    series_of, latest_figure = _value_series(indicators, until)
    rows = [
        _indicator_row(indicator, series_of[indicator.pk], latest_figure.get(indicator.pk))
        for indicator in indicators
    ]
    rows.sort(key=lambda row: (number_key(row["action"] or "0"), row["code"]))
    return rows


def funding_section(
    contract: Contract, *, include_confidential: bool, year: int | None = None
) -> dict:
    """Planned, granted and paid amounts by year and by funder (2 queries)."""
    lines = FundingLine.objects.filter(action__contract=contract)
    if not include_confidential:
        lines = lines.filter(action__is_confidential=False)
    if year is not None:
        lines = lines.filter(year=year)
    sums = {
        "planned": Sum("planned_amount"),
        "granted": Sum("granted_amount"),
        "paid": Sum("paid_amount"),
    }
    by_year = list(lines.values("year").annotate(**sums).order_by("year"))
    by_funder = list(lines.values("funder__name").annotate(**sums).order_by("funder__name"))
    keys = ("planned", "granted", "paid")
    return {
        "by_year": [
            {"year": row["year"], **{key: _amount(row[key]) for key in keys}} for row in by_year
        ],
        "by_funder": [
            {"funder": row["funder__name"], **{key: _amount(row[key]) for key in keys}}
            for row in by_funder
        ],
        "totals": {key: _amount(sum((row[key] or 0) for row in by_year)) for key in keys},
    }


def governance_section(
    contract: Contract,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    limit: int | None = None,
) -> dict:
    """The governance bodies and the meetings held between two dates, latest first (3 queries)."""
    bodies = contract.bodies.prefetch_related("member_organisations").order_by("kind", "name")
    meetings = Meeting.objects.filter(contract=contract).select_related("body")
    if since is not None:
        meetings = meetings.filter(held_on__gte=since)
    if until is not None:
        meetings = meetings.filter(held_on__lte=until)
    meetings = meetings.order_by("-held_on")
    return {
        "bodies": [
            {
                "kind": body.get_kind_display(),
                "name": body.name,
                "description": body.description,
                "organisations": [o.name for o in body.member_organisations.all()],
            }
            for body in bodies
        ],
        "meetings": [
            {
                "held_on": _date(meeting.held_on),
                "body": meeting.body.name,
                "title": meeting.title,
                "location": meeting.location,
                "decisions": meeting.decisions,
            }
            for meeting in (meetings[:limit] if limit else meetings)
        ],
    }


def alerts_section(contract: Contract, on: datetime.date) -> list[str]:
    """The dashboard's alerts raised on this contract on a date (one query per alert)."""
    contracts = Contract.objects.filter(pk=contract.pk)
    return [kind.label for kind in ALERTS.values() if kind.select(contracts, on).exists()]


def year_figures(snapshot: dict, year: int) -> dict:
    """The key figures of an annual review, counted from its own sections."""
    actions = [action for axis in snapshot["axes"] for action in axis["actions"]]
    prefix = str(year)
    return {
        "actions": len(actions),
        "done": sum(action["status_code"] == ActionStatus.DONE for action in actions),
        "in_progress": sum(action["status_code"] == ActionStatus.IN_PROGRESS for action in actions),
        "late": sum(action["is_late"] for action in actions),
        "notes": sum(len(action["updates"]) for action in actions),
        "meetings": len(snapshot["governance"]["meetings"]),
        "values": sum(
            value["period"].startswith(prefix)
            for indicator in snapshot["indicators"]
            for value in indicator["values"]
        ),
    }


# --- Documents ---------------------------------------------------------------------------------


def _term_end(contract: Contract, on: datetime.date) -> datetime.date:
    return min(contract.ends_on, on) if contract.ends_on else on


# Each kind of document takes its sections; the options it has no use for are ignored (`**_`).


def _summary(contract: Contract, *, on: datetime.date, include_confidential: bool, **_) -> dict:
    confidential = {"include_confidential": include_confidential}
    return {
        "territory_map": territory_map_section(contract),
        "signatories": signatories_section(contract),
        "coordinators": coordinators_section(contract, on),
        "diagnosis": diagnosis_section(contract),
        "axes": summary_axes_section(contract, on=on, **confidential),
        "indicators": indicators_section(contract, **confidential),
        "funding": funding_section(contract, **confidential),
        "governance": governance_section(contract, limit=SUMMARY_MEETINGS),
        "amendments": amendments_section(contract),
    }


def _action_book(contract: Contract, *, on: datetime.date, include_confidential: bool, **_) -> dict:
    axes = action_book_axes_section(contract, on=on, include_confidential=include_confidential)
    # Each sheet carries its own indicators; the contract's own come at the end.
    by_action = defaultdict(list)
    for indicator in indicators_section(contract, include_confidential=include_confidential):
        by_action[indicator["action"]].append(indicator)
    for axis in axes:
        for action in axis["actions"]:
            action["indicators"] = by_action[action["number"]]
    return {"axes": axes, "indicators": by_action[None]}


def _annual_review(
    contract: Contract, *, on: datetime.date, include_confidential: bool, period: str, **_
) -> dict:
    confidential = {"include_confidential": include_confidential}
    year = int(period)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    until = min(last, on)
    sections = {
        "territory_map": territory_map_section(contract),
        "coordinators": coordinators_section(contract, until),
        "axes": annual_review_axes_section(contract, on=until, year=year, **confidential),
        "indicators": indicators_section(contract, until=last, **confidential),
        "funding": funding_section(contract, year=year, **confidential),
        "governance": governance_section(contract, since=first, until=last),
        "alerts": alerts_section(contract, until),
    }
    return sections | {"figures": year_figures(sections, year)}


def _evaluation(
    contract: Contract,
    *,
    on: datetime.date,
    include_confidential: bool,
    recommendations: str,
    **_,
) -> dict:
    """Mid-term and final evaluations: the whole term so far."""
    confidential = {"include_confidential": include_confidential}
    until = _term_end(contract, on)
    return {
        "signatories": signatories_section(contract),
        "coordinators": coordinators_section(contract, until),
        "axes": summary_axes_section(contract, on=until, **confidential),
        "indicators": indicators_section(contract, until=until, **confidential),
        "funding": funding_section(contract, **confidential),
        "governance": governance_section(contract, until=until),
        "amendments": amendments_section(contract),
        "recommendations": recommendations,
        "until": _date(until),
    }


# The sections of each kind of document.
SECTIONS = {
    ReportKind.SUMMARY: _summary,
    ReportKind.ACTION_BOOK: _action_book,
    ReportKind.ANNUAL_REVIEW: _annual_review,
    ReportKind.MID_TERM: _evaluation,
    ReportKind.FINAL: _evaluation,
}


def snapshot_build(
    *,
    contract: Contract,
    kind: str,
    period: str = "",
    include_confidential: bool,
    recommendations: str = "",
    on: datetime.date | None = None,
) -> dict:
    """Everything the document of `kind` shows about `contract`, as of `on` (default today)."""
    on = on or timezone.localdate()
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "period": period,
        "includes_confidential": include_confidential,
        "contract": contract_section(contract, on),
    }
    return snapshot | SECTIONS[kind](
        contract,
        on=on,
        include_confidential=include_confidential,
        period=period,
        recommendations=recommendations,
    )
