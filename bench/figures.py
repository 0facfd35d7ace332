"""The figures of `make bench` (DESIGN.md §7), measured on the national-scale dataset.

Each figure is one line: a median over repeated runs (and its p95 where latency matters) and,
where it has one, its ratio to a floor measured in the same run:

- API lists against the time PostgreSQL needs to return the same rows as JSON (`json_agg`
  over the same ids and columns, many-to-many codes included);
- UI pages as an ARS agent of the région would see them (server time, Django's test client);
- query counts of every list at two sizes (they must be equal);
- PDF documents against WeasyPrint's own time on the same HTML, and peak memory per page;
- a load test against gunicorn (bench/load.py) and the nightly batch of annual reviews with
  two Celery workers (bench/batch.py), each on a throwaway copy of the database.

Other requests go through Django's test client in this process: server time, without the
network. Nothing is written in the dataset but one API token, deleted at the end.
"""

import datetime
import functools
import gc
import io
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import admin
from django.db import connection, models
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from pypdf import PdfReader
from rest_framework import serializers

from actions.api import ActionSerializer
from actions.enums import FINISHED_STATUSES
from actions.filters import COLUMNS
from actions.models import Action
from actors.enums import MembershipRole, TokenScope
from actors.models import ApiToken, Membership, Organisation, User, api_key_hash
from actors.services import api_token_create
from actors.throttling import PerTokenThrottle
from bench.batch import nightly_batch_figure
from bench.devices import device_gains, gain_line
from bench.load import load_test_figure
from bench.management.commands import bench_pdf
from bench.plan_import import plan_import_figures
from config.api_tools import SYNC_MAX_PAGE_SIZE
from config.fastpaths.json_rows import UTC_TIMESTAMP_FORMAT
from config.gunicorn import freeze_loaded_objects
from contracts import access
from contracts.models import Contract
from indicators.api import ValueSerializer
from indicators.models import IndicatorValue
from reports.enums import ReportKind
from reports.rendering import document_html, pdf_from_html
from reports.snapshots import snapshot_build, snapshot_hash
from territories.models import Region

# The host the test client claims to be: one ALLOWED_HOSTS accepts by default.
HOST = "127.0.0.1"
# Where `updated_since` starts from: about a tenth of the values changed after it.
UPDATED_SINCE_QUANTILE = 0.9
# Every page of the UI: server time at p95 (DESIGN.md §7).
PAGE_TARGET = 0.150
# A page of the sweep at this p95 or above is measured again, as many times as the timed pages.
CLOSE_TO_PAGE_TARGET = PAGE_TARGET * 2 / 3
# The account the sweep of the administration's pages makes, then deletes.
SWEEP_ADMINISTRATOR = "bench-admin@synthetique.cls"


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@dataclass
class Timing:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.samples[0]
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]


def timed(function: Callable, runs: int) -> Timing:
    """`runs` timings of `function`, after one call to warm caches up."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return Timing(samples)


# ---------------------------------------------------------------------------------------------
# Who and what is measured
# ---------------------------------------------------------------------------------------------


@dataclass
class Subjects:
    region: Region
    agent: User  # an ARS agent of `region`
    contract: Contract  # the largest contract of `region`
    small_contract: Contract  # one of its smallest, for query counts at two sizes


def ars_agent_of(region: Region) -> User:
    candidates = User.objects.filter(
        is_active=True,
        memberships__role=MembershipRole.ARS_STAFF,
        memberships__organisation__region=region,
    ).order_by("pk")
    for user in candidates[:20]:
        if region.pk in access.roles_of(user).ars_region_ids:
            return user
    raise LookupError(f"Aucun agent de l'ARS pour la région {region}.")


def subjects_find() -> Subjects:
    regions = Region.objects.annotate(
        actions=Count("organisation__ars_contracts__actions")
    ).order_by("-actions", "pk")
    region = regions.first()
    contracts = (
        Contract.objects.filter(ars__region=region)
        .annotate(size=Count("actions"))
        .order_by("-size", "pk")
    )
    return Subjects(
        region=region,
        agent=ars_agent_of(region),
        contract=contracts.first(),
        small_contract=contracts.filter(size__gt=0).last(),
    )


# ---------------------------------------------------------------------------------------------
# API lists against the database floor
# ---------------------------------------------------------------------------------------------


def _json_columns(serializer_class, alias: str, extra: dict[str, str]) -> str:
    """The SELECT list giving a row as the serializer shows it: columns, moments in the API's
    format, many-to-many keys as arrays."""
    model = serializer_class.Meta.model
    declared = serializer_class().fields
    columns = []
    for name in serializer_class.Meta.fields:
        if name in extra:
            columns.append(f'{extra[name]} AS "{name}"')
            continue
        field = model._meta.get_field(name)
        if field.many_to_many:
            through = field.remote_field.through._meta
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            child = getattr(declared[name], "child_relation", None)
            slug = child.slug_field if isinstance(child, serializers.SlugRelatedField) else None
            related = field.related_model._meta
            if slug and related.pk.name != slug:
                value = f"r.{related.get_field(slug).column}"
                join = f"JOIN {related.db_table} r ON r.{related.pk.column} = m.{target}"
            else:
                value, join = f"m.{target}", ""
            columns.append(
                f"ARRAY(SELECT {value} FROM {through.db_table} m {join} "
                f'WHERE m.{source} = {alias}.id ORDER BY 1) AS "{name}"'
            )
        elif isinstance(field, models.DateTimeField):
            # Written as the API writes moments, so that both give the very same JSON.
            columns.append(
                f"to_char({alias}.{field.column} AT TIME ZONE 'UTC', '{UTC_TIMESTAMP_FORMAT}') "
                f'AS "{name}"'
            )
        else:
            columns.append(f'{alias}.{field.column} AS "{name}"')
    return ", ".join(columns)


def _action_rows_sql() -> str:
    """The actions of a région, as the endpoint orders them: a page of them, as JSON."""
    person = Action._meta.get_field("lead_person").related_model._meta.db_table
    finished = ", ".join(f"'{status}'" for status in FINISHED_STATUSES)
    extra = {
        "lead_person_name": "COALESCE(p.first_name || ' ' || p.last_name, '')",
        "is_late": f"(a.planned_end_on < CURRENT_DATE AND a.status NOT IN ({finished}))",
    }
    return (
        f"SELECT {_json_columns(ActionSerializer, 'a', extra)} "
        f"FROM {Action._meta.db_table} a LEFT JOIN {person} p ON p.id = a.lead_person_id "
        f"JOIN {Contract._meta.db_table} c ON c.id = a.contract_id "
        f"JOIN {Organisation._meta.db_table} o ON o.id = c.ars_id "
        "WHERE o.region_id = %(region)s ORDER BY a.updated_at, a.id LIMIT 100"
    )


def _value_rows_sql(*, page: bool = True) -> str:
    """The values of a région's contracts changed since a moment: a page of them, as JSON; or
    all of them, as a whole synchronisation reads them."""
    indicator = IndicatorValue._meta.get_field("indicator").related_model._meta.db_table
    extra = {"contract": "i.contract_id"}
    return (
        f"SELECT {_json_columns(ValueSerializer, 'v', extra)} "
        f"FROM {IndicatorValue._meta.db_table} v JOIN {indicator} i ON i.id = v.indicator_id "
        f"JOIN {Contract._meta.db_table} c ON c.id = i.contract_id "
        f"JOIN {Organisation._meta.db_table} o ON o.id = c.ars_id "
        "WHERE o.region_id = %(region)s "
        + (
            "AND v.updated_at >= %(since)s ORDER BY v.updated_at, v.id LIMIT 100"
            if page
            else "ORDER BY v.updated_at, v.id"
        )
    )


def database_floor(rows_sql: str, params: dict, key: str | None = None) -> Callable[[], str]:
    """One statement finding the same rows and returning them as JSON text; with a token's
    `key`, after the one statement that authenticates it."""
    sql = f"SELECT json_agg(t)::text FROM ({rows_sql}) t"
    token = _token_statement(key) if key else None

    def run():
        with connection.cursor() as cursor:
            if token:
                cursor.execute(*token)
                cursor.fetchone()
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    return run


def _token_statement(key: str) -> tuple[str, list]:
    """The statement that authenticates a token: its owner with it, by the key's hash."""
    tokens = ApiToken.objects.active().select_related("user").filter(key_hash=api_key_hash(key))
    sql, params = tokens.order_by().query.sql_with_params()
    return sql, list(params)


def api_against_floor(
    client: Client, url: str, rows_sql: str, params: dict, runs: int
) -> list[str]:
    """The figure against its floor (the same rows as JSON from PostgreSQL, after the token's
    statement), then where the request's time goes: the statements the API runs (the token,
    the rights, the page) and what is left."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    rows = response.json()["results"]
    floor_query = database_floor(rows_sql, params, token_key(client))
    assert json.loads(floor_query() or "[]") == rows, "le plancher doit donner le JSON de l'API"
    api = timed(lambda: client.get(url), runs)
    floor = timed(floor_query, runs)
    statements = database_share(client, url, runs)
    in_database = sum(statements.values())
    parts = " ; ".join(f"{kind} {milliseconds(spent)}" for kind, spent in statements.items())
    return [
        f"API {url} ({len(rows)} lignes) : médiane {milliseconds(api.median)}, "
        f"p95 {milliseconds(api.p95)} ; plancher PostgreSQL (jeton, puis les lignes en JSON) "
        f"{milliseconds(floor.median)} ; rapport {api.median / floor.median:.1f}× (cible ≤ 2×)",
        f"  dont requêtes SQL (médianes) : {parts} ; ensemble "
        f"{milliseconds(in_database)}, soit {in_database / floor.median:.1f}× le plancher "
        f"à elles seules ; le reste (Python : Django, DRF, ORM) "
        f"{milliseconds(max(0.0, api.median - in_database))}",
    ]


# What each statement of an API list does, by a table it reads; any other is the page's.
STATEMENT_KINDS = (
    (ApiToken._meta.db_table, "jeton"),
    (Membership._meta.db_table, "droits"),
)


def database_share(client: Client, url: str, runs: int) -> dict[str, float]:
    """Median time a request of `url` spends in each kind of statement (sent, run, read),
    measured apart from the figure's own timings."""
    spent: dict[str, list[float]] = {}
    this_request: dict[str, float] = {}

    def record(execute, sql, params, many, context):
        kind = next((name for table, name in STATEMENT_KINDS if table in sql), "page")
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            this_request[kind] = this_request.get(kind, 0.0) + time.perf_counter() - start

    client.get(url)
    for _ in range(runs):
        this_request.clear()
        with connection.execute_wrapper(record):
            client.get(url)
        for kind, seconds in this_request.items():
            spent.setdefault(kind, []).append(seconds)
    order = [*(name for _, name in STATEMENT_KINDS), "page"]
    return {kind: statistics.median(spent[kind]) for kind in order if kind in spent}


def api_fixed_cost(client: Client, url: str, runs: int) -> str:
    """The same endpoint with an empty page: what a request costs before its first row
    (authentication, rights, filters, count, envelope), to read the ratios above against."""
    response = client.get(url)
    assert response.status_code == 200 and response.json()["results"] == [], url
    api = timed(lambda: client.get(url), runs)
    return (
        f"API {url} (page vide, coût fixe d'une requête) : médiane {milliseconds(api.median)}, "
        f"p95 {milliseconds(api.p95)}"
    )


def full_sync(client: Client, subjects: Subjects, runs: int) -> str:
    """A partner's whole synchronisation of the région's values, page after page by `next`
    (pages of the largest size), against PostgreSQL's own rate for the same rows as JSON in one statement."""
    first = f"{_api_url('indicator-value-list')}?page_size={SYNC_MAX_PAGE_SIZE}"
    every = database_floor(_value_rows_sql(page=False), {"region": subjects.region.pk})
    synchronised, _ = _walk(client, first)
    assert json.loads(every() or "[]") == synchronised, "la synchronisation doit lire ces lignes"
    api = Timing([_walk(client, first)[1] for _ in range(runs)])
    floor = timed(every, runs)
    rows = len(synchronised)
    api_rate, floor_rate = rows / api.median, rows / floor.median
    return (
        f"Synchronisation complète des valeurs de la région par l'API ({rows} lignes, pages de "
        f"{SYNC_MAX_PAGE_SIZE}) : {api.median:.2f} s, soit {per_second(api_rate)} ; PostgreSQL seul, "
        f"en une requête JSON : {floor.median:.2f} s, soit {per_second(floor_rate)} ; rapport "
        f"{api_rate / floor_rate:.2f} (cible ≥ 0,5)"
    )


def per_second(rate: float) -> str:
    return f"{rate:,.0f} lignes/s".replace(",", " ")


def _walk(client: Client, url: str) -> tuple[list[dict], float]:
    """The rows of every page from `url` on, following `next`, and the time its requests took:
    decoding the pages is the partner's work, as decoding the floor's JSON would be."""
    rows, spent = [], 0.0
    while url:
        start = time.perf_counter()
        response = client.get(url)
        spent += time.perf_counter() - start
        page = response.json()
        rows += page["results"]
        url = page["next"]
    return rows, spent


def token_key(client: Client) -> str:
    return client.defaults["HTTP_AUTHORIZATION"].split()[1]


def updated_since_moment() -> datetime.datetime:
    """A moment after which about a tenth of the values changed: a typical sync window."""
    values = IndicatorValue.objects.order_by("updated_at")
    count = values.count()
    return values.values_list("updated_at", flat=True)[int(count * UPDATED_SINCE_QUANTILE)]


# ---------------------------------------------------------------------------------------------
# Pages and query counts
# ---------------------------------------------------------------------------------------------


def working_pages(subjects: Subjects) -> list[tuple[str, str]]:
    """The pages where coordinators and ARS agents work on the largest contract: its forms
    (their lists of organisations and people), the values grid, the history, the search."""
    pk = subjects.contract.pk
    action = subjects.contract.actions.order_by("axis__order", "axis__number", "number").first()
    sheet = [pk, action.pk]
    return [
        ("fiche action", reverse("action_sheet", args=sheet)),
        ("modification d'une fiche action", reverse("action_edit", args=sheet)),
        ("ajout d'un financement", reverse("funding_add", args=sheet)),
        ("compte rendu d'une réunion", reverse("meeting_create", args=[pk])),
        ("modification du contrat", reverse("contract_edit", args=[pk])),
        ("ajout d'un signataire", reverse("signatory_add", args=[pk])),
        ("grille des valeurs", reverse("values_grid", args=[pk])),
        ("historique du contrat", reverse("contract_history", args=[pk])),
        ("recherche de fiches actions", f"{reverse('action_search')}?q=sant%C3%A9"),
    ]


def other_pages(subjects: Subjects) -> list[str]:
    """Every other page an ARS agent opens on the largest contract and its région, the
    spreadsheet downloads included; pages about an object the contract lacks are left out."""
    contract = subjects.contract
    pk = contract.pk
    action = contract.actions.order_by("-pk").first()
    sheet = [pk, action.pk]
    urls = [
        reverse(name)
        for name in ("account", "territory_index", "public_directory", "contract_create")
    ]
    urls += [f"{reverse('action_search')}?region={subjects.region.pk}", reverse("plan_template")]
    urls += action_list_pages(pk)
    urls.append(reverse("searched_action", args=[action.pk]))
    urls += [
        reverse(name, args=[pk])
        for name in (
            "contract_governance",
            "contract_documents",
            "document_add",
            "contract_reports",
            "contract_funding",
            "contract_renew",
            "coordinator_assign",
            "amendment_add",
            "axis_add",
            "objective_add",
            "action_create",
            "indicator_add",
            "plan_export",
            "plan_import",
        )
    ]
    urls += [
        reverse(name, args=sheet)
        for name in (
            "action_print",
            "action_note_add",
            "milestone_add",
            "action_document_add",
            "action_values_grid",
        )
    ]
    urls += record_pages(subjects, action)
    departement = subjects.region.departements.order_by("code").first()
    if departement:
        urls.append(reverse("departement_detail", args=[departement.code]))
    return urls


def record_pages(subjects: Subjects, action) -> list[str]:
    """The pages of the contract's latest meeting, report, indicator, and of the fiche's
    latest funding line and milestone, for those it has."""
    contract, urls = subjects.contract, []
    pk, sheet = contract.pk, [contract.pk, action.pk]
    meeting = contract.meetings.order_by("-pk").first()
    if meeting:
        urls += [
            reverse(name, args=[pk, meeting.pk]) for name in ("meeting_detail", "meeting_edit")
        ]
    report = contract.reports.order_by("-pk").first()
    if report:
        urls.append(reverse("report_detail", args=[report.pk]))
    indicator = contract.indicators.order_by("-pk").first()
    if indicator:
        urls.append(reverse("indicator_detail", args=[pk, indicator.pk]))
    line = action.funding_lines.order_by("-pk").first()
    if line:
        urls.append(reverse("funding_edit", args=[*sheet, line.pk]))
    milestone = action.milestones.order_by("-pk").first()
    if milestone:
        urls.append(reverse("milestone_edit", args=[*sheet, milestone.pk]))
    return urls


def action_list_pages(pk: int) -> list[str]:
    """The « Axes et actions » tab's other views, with every column, and its exports."""
    every_column = "&".join(f"columns={key}" for key in COLUMNS)
    views = [
        f"{reverse('contract_actions', args=[pk])}?view={view}&{every_column}"
        for view in ("table", "board", "timeline")
    ]
    return views + [
        f"{reverse('action_list_export', args=[pk, file_format])}?{every_column}"
        for file_format in ("csv", "xlsx")
    ]


def admin_pages(subjects: Subjects) -> list[str]:
    """Every list of the administration, a search in the four largest, and the change pages
    of the largest contract and of one of its actions."""
    urls = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    urls += [
        f"{reverse(f'admin:{name}_changelist')}?q=sant%C3%A9"
        for name in (
            "actions_action",
            "actions_fundingline",
            "indicators_indicator",
            "indicators_indicatorvalue",
        )
    ]
    action = subjects.contract.actions.order_by("-pk").first()
    urls.append(reverse("home"))  # the map of France by département
    urls.append(reverse("admin:contracts_contract_change", args=[subjects.contract.pk]))
    urls.append(reverse("admin:actions_action_change", args=[action.pk]))
    return urls


@contextmanager
def administrator_client() -> Iterator[Client]:
    """A client logged in as a national administrator, an account made for it, then deleted."""
    User.objects.filter(email=SWEEP_ADMINISTRATOR).delete()  # left by an interrupted run
    administrator = User.objects.create(email=SWEEP_ADMINISTRATOR, is_staff=True, is_superuser=True)
    try:
        staff = Client(SERVER_NAME=HOST)
        staff.force_login(administrator)
        yield staff
    finally:
        administrator.delete()


@contextmanager
def api_client(agent: User) -> Iterator[Client]:
    """A client calling the API with a read token of `agent`, made for it, then deleted."""
    token, key = api_token_create(user=agent, name="make bench", scopes=[TokenScope.READ])
    try:
        yield Client(SERVER_NAME=HOST, HTTP_AUTHORIZATION=f"Token {key}")
    finally:
        token.delete()


def page_sweep(subjects: Subjects, runs: int, close_runs: int) -> list[str]:
    """The pages the figures above leave out, `runs` times each: the agent's other pages, then
    the administration's as a national administrator (an account made for the sweep, then
    deleted). The p95 of a few samples is about their maximum: a page whose p95 comes within a
    third of the target is measured `close_runs` times more, and judged on all its samples.
    One line for the whole sweep, then one per page over the target."""
    agent = Client(SERVER_NAME=HOST)
    agent.force_login(subjects.agent)
    with administrator_client() as staff:
        timings, remeasured = [], 0
        for client, urls in ((agent, other_pages(subjects)), (staff, admin_pages(subjects))):
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                timing = timed(functools.partial(client.get, url), runs)
                if timing.p95 >= CLOSE_TO_PAGE_TARGET:
                    timing.samples += timed(functools.partial(client.get, url), close_runs).samples
                    remeasured += 1
                timings.append((url, timing))
    over = [(url, timing) for url, timing in timings if timing.p95 >= PAGE_TARGET]
    slowest = sorted(timings, key=lambda pair: pair[1].p95, reverse=True)[:3]
    lines = [
        f"Autres pages ({len(timings)} : interface et administration, {runs} mesures chacune, "
        f"{close_runs} de plus pour les pages à p95 ≥ {milliseconds(CLOSE_TO_PAGE_TARGET)} : "
        f"{remeasured}) : "
        f"{len(timings) - len(over)} sur {len(timings)} à p95 < 150 ms ; les plus lentes : "
        + ", ".join(
            f"{url} (médiane {milliseconds(timing.median)}, p95 {milliseconds(timing.p95)})"
            for url, timing in slowest
        )
    ]
    lines += [
        f"Autre page hors cible : {url} médiane {milliseconds(timing.median)}, "
        f"p95 {milliseconds(timing.p95)} (cible p95 < 150 ms)"
        for url, timing in over
    ]
    return lines


def page_timing(client: Client, label: str, url: str, runs: int) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timing = timed(lambda: client.get(url), runs)
    return (
        f"Page {label} ({url}) : médiane {milliseconds(timing.median)}, "
        f"p95 {milliseconds(timing.p95)} (cible p95 < 150 ms)"
    )


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


API_LISTS = (
    "contract-list",
    "axis-list",
    "objective-list",
    "action-list",
    "action-note-list",
    "meeting-list",
    "indicator-list",
    "indicator-value-list",
    "report-list",
    "organisation-list",
    "region-list",
    "departement-list",
    "epci-list",
    "commune-list",
    "territory-list",
    "deletion-list",
)


def api_query_counts(client: Client) -> list[str]:
    lines = []
    for name in API_LISTS:
        url = _api_url(name)
        small, large = (query_count(client, f"{url}?page_size={size}") for size in (10, 100))
        verdict = "égales" if small == large else "DIFFÉRENTES"
        lines.append(
            f"Requêtes SQL API {url} : {small} (page de 10), {large} (page de 100) — {verdict}"
        )
    return lines


@functools.cache
def _namespaced() -> bool:
    try:
        reverse("api:action-list")
    except Exception:
        return False
    return True


def _api_url(name: str) -> str:
    return reverse(f"api:{name}") if _namespaced() else reverse(name)


def page_query_counts(client: Client, subjects: Subjects) -> list[str]:
    """UI lists have a fixed page size: compare a small subject with the largest instead."""
    small, large = subjects.small_contract.pk, subjects.contract.pk
    contract_list = reverse("contract_list")
    pairs = [
        (
            "liste des contrats",
            f"{contract_list}?region={subjects.region.pk}&{urlencode({'q': subjects.small_contract.title})}",
            f"{contract_list}?region={subjects.region.pk}",
        ),
    ]
    for name, label in (
        ("contract_summary", "synthèse du contrat"),
        ("contract_actions", "onglet fiches actions"),
        ("contract_indicators", "onglet indicateurs"),
        ("contract_funding", "financements"),
        ("values_grid", "grille des valeurs"),
        ("contract_history", "historique"),
        ("contract_reports", "documents"),
    ):
        pairs.append((label, reverse(name, args=[small]), reverse(name, args=[large])))
    lines = []
    for label, small_url, large_url in pairs:
        few, many = query_count(client, small_url), query_count(client, large_url)
        verdict = "égales" if few == many else "DIFFÉRENTES"
        lines.append(
            f"Requêtes SQL page {label} : {few} (petit : {small_url}), "
            f"{many} (grand : {large_url}) — {verdict}"
        )
    return lines


# ---------------------------------------------------------------------------------------------
# PDF documents
# ---------------------------------------------------------------------------------------------


def interleaved_medians(first: Callable, second: Callable, runs: int) -> tuple[float, float]:
    """Median times of two functions called in turn: a machine that slows down or warms up
    during the measurement weighs on both alike."""
    first(), second()
    times = ([], [])
    for _ in range(runs):
        for function, samples in zip((first, second), times, strict=True):
            gc.collect()  # each call starts from the same heap, not the other's garbage
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def platform_work(contract: Contract, kind: str) -> str:
    """What the platform adds to WeasyPrint's work: the data, its hash, the HTML. Timed alone,
    it is not blurred by the few per cent by which two renderings of the same HTML differ."""
    snapshot = snapshot_build(contract=contract, kind=kind, include_confidential=True)
    snapshot_hash(snapshot)
    return document_html(snapshot=snapshot, title=kind, data_as_of=timezone.now())


def pdf_figures(contract: Contract, runs: int) -> list[str]:
    maker = bench_pdf.Command()
    user = User.objects.filter(is_superuser=True, is_active=True).first() or User(is_superuser=True)
    lines = []
    for kind in (ReportKind.SUMMARY, ReportKind.ACTION_BOOK):
        make = functools.partial(maker.make, contract, kind, user)
        report, pdf = make()
        html = document_html(
            snapshot=report.snapshot, title=report.title, data_as_of=report.data_as_of
        )
        total, floor = interleaved_medians(make, functools.partial(pdf_from_html, html), runs)
        own = timed(functools.partial(platform_work, contract, kind), runs).median
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        tracemalloc.start()
        make()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        lines.append(
            f"PDF {kind} du plus grand contrat ({pages} pages) : {total:.2f} s, WeasyPrint seul "
            f"{floor:.2f} s, rapport {total / floor:.2f}× (cible ≤ 1,1×) ; travail propre de la "
            f"plateforme (données, empreinte, HTML) {own * 1000:.0f} ms, soit "
            f"{(floor + own) / floor:.2f}× ; pic mémoire {peak / 2**20 / pages:.2f} Mio par page "
            "(cible < 5 Mio)"
        )
    sixty = (
        Contract.objects.annotate(size=Count("actions"))
        .filter(size__gte=60)
        .order_by("size", "pk")
        .first()
    )
    if sixty is not None:
        total, _ = bench_pdf.median_seconds(
            functools.partial(maker.make, sixty, ReportKind.SUMMARY, user), runs
        )
        lines.append(
            f"PDF summary d'un contrat de {sixty.size} fiches : {total:.2f} s (cible < 3 s)"
        )
    return lines


# ---------------------------------------------------------------------------------------------
# The machine's speed of the moment
# ---------------------------------------------------------------------------------------------


def _python_loop():
    total = 0
    for number in range(2_000_000):
        total += number


def _orm_compiling():
    for _ in range(100):
        actions = Action.objects.filter(contract__ars__region="11", status__in=["a", "b"])
        page = actions.select_related("contract").order_by("updated_at", "id")[:100]
        page.query.sql_with_params()


def _database_round_trips():
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT 1")


def machine_reference(moment: str) -> str:
    """The same fixed work timed at the start and at the end of a run: virtual machines change
    speed under a run , and a pure-Python loop
    alone does not show it all. Compiling ORM queries is what the API's fixed cost is made of."""
    loop, orm, round_trips = (
        timed(work, 7).median for work in (_python_loop, _orm_compiling, _database_round_trips)
    )
    return (
        f"Référence machine ({moment}) : boucle Python de 2 M additions {milliseconds(loop)} ; "
        f"100 requêtes ORM compilées {milliseconds(orm)} ; 100 allers-retours PostgreSQL "
        f"(SELECT 1) {milliseconds(round_trips)}"
    )


# ---------------------------------------------------------------------------------------------
# All figures
# ---------------------------------------------------------------------------------------------


FIGURES = ("api", "pages", "devices", "pdf", "import")


def bench_run(
    *,
    runs: int,
    log: Callable[[str], None],
    load_seconds: int = 30,
    batch_sample: int = 40,
    only: tuple[str, ...] = FIGURES,
) -> None:
    """Measure every figure of `only` and `log` one line for each (or a few, for the load test
    and the batch). `load_seconds` or `batch_sample` at 0 leaves that figure out."""
    subjects = subjects_find()
    log(
        f"Région la plus grande : {subjects.region} ; agent ARS : {subjects.agent.email} ; "
        f"plus grand contrat de la région : {subjects.contract} (n° {subjects.contract.pk}) ; "
        f"{runs} mesures par chiffre"
    )
    log(machine_reference("début"))
    # Requests are timed in this process set up as a gunicorn worker is (config/gunicorn.py).
    freeze_loaded_objects()
    # The API's budget is counted as in production, but no figure may run out of it.
    PerTokenThrottle.THROTTLE_RATES = {"api": "100000000/minute"}
    if "api" in only:
        api_figures(subjects, runs, log)
    if "pages" in only:
        page_figures(subjects, runs, log)
    if "devices" in only:
        device_figures(subjects, runs, log)
    if "pdf" in only:
        for line in pdf_figures(subjects.contract, max(3, runs // 2)):
            log(line)
    if "import" in only:
        # Into the région's largest contract, rolled back: the dataset stays as it was.
        for line in plan_import_figures(subjects.contract, subjects.agent):
            log(line)
    # Last: both work on a copy of the database, made with every connection to it closed.
    if load_seconds:
        load_test_figure(
            region=subjects.region, agent=subjects.agent, duration=load_seconds, log=log
        )
    if batch_sample:
        nightly_batch_figure(sample=batch_sample, log=log)
    log(machine_reference("fin"))


def device_figures(subjects: Subjects, runs: int, log: Callable[[str], None]) -> None:
    """What each performance device earns on its figure (bench/devices.py)."""
    web = Client(SERVER_NAME=HOST)
    web.force_login(subjects.agent)
    with api_client(subjects.agent) as api, administrator_client() as staff:
        clients = {"api": api, "web": web, "staff": staff}
        for gain in device_gains(clients, subjects, runs):
            log(gain_line(gain))


def api_figures(subjects: Subjects, runs: int, log: Callable[[str], None]) -> None:
    """The API's figures, through a read token of the agent made for them, then deleted."""
    with api_client(subjects.agent) as api:
        for line in api_lists_against_floors(api, subjects, runs):
            log(line)
        values = _api_url("indicator-value-list")
        future = timezone.now() + datetime.timedelta(days=1)
        log(
            api_fixed_cost(
                api, f"{values}?{urlencode({'updated_since': future.isoformat()})}", runs
            )
        )
        log(full_sync(api, subjects, max(3, runs // 4)))
        for line in api_query_counts(api):
            log(line)


def api_lists_against_floors(api: Client, subjects: Subjects, runs: int) -> list[str]:
    """The région's actions, and its values changed in a typical sync window."""
    region = subjects.region.pk
    since = updated_since_moment()
    return api_against_floor(
        api,
        f"{_api_url('action-list')}?region={region}&page_size=100",
        _action_rows_sql(),
        {"region": region},
        runs,
    ) + api_against_floor(
        api,
        f"{_api_url('indicator-value-list')}?"
        f"{urlencode({'updated_since': since.isoformat()})}&page_size=100",
        _value_rows_sql(),
        {"region": region, "since": since},
        runs,
    )


def page_figures(subjects: Subjects, runs: int, log: Callable[[str], None]) -> None:
    """The UI's figures, as the agent: timed pages, query counts, then the sweep of the rest."""
    web = Client(SERVER_NAME=HOST)
    web.force_login(subjects.agent)
    for label, url in timed_pages(subjects):
        log(page_timing(web, label, url, runs))
    for line in page_query_counts(web, subjects):
        log(line)
    for line in page_sweep(subjects, max(3, runs // 4), runs):
        log(line)


def timed_pages(subjects: Subjects) -> list[tuple[str, str]]:
    """The pages an ARS agent reads most, then those where coordinators and agents work."""
    pk = subjects.contract.pk
    return [
        ("tableau de bord", reverse("home")),
        (
            "liste des contrats de la région",
            f"{reverse('contract_list')}?region={subjects.region.pk}",
        ),
        ("synthèse du plus grand contrat", reverse("contract_summary", args=[pk])),
        ("fiches actions du plus grand contrat", reverse("contract_actions", args=[pk])),
        ("indicateurs du plus grand contrat", reverse("contract_indicators", args=[pk])),
        ("couverture de la région", reverse("region_detail", args=[subjects.region.pk])),
        *map_pages(subjects),
        *working_pages(subjects),
    ]


def map_pages(subjects: Subjects) -> list[tuple[str, str]]:
    """The coverage maps and the open data: the région's map as a file, a département's map,
    the public directory with its page of a contract and its downloads."""
    region = subjects.region.pk
    departement = subjects.region.departements.order_by("code").first()
    public = access.public_contracts().filter(ars__region=region).order_by("pk").first()
    pages = [
        ("carte de la région (SVG)", reverse("region_map_download", args=[region])),
        ("carte d'un département", reverse("departement_detail", args=[departement.code])),
        ("annuaire public de la région", f"{reverse('public_directory')}?region={region}"),
        ("données ouvertes (CSV)", reverse("open_data_csv")),
        ("données ouvertes (JSON)", reverse("open_data_json")),
    ]
    if public:
        pages.append(("page publique d'un contrat", reverse("public_contract", args=[public.pk])))
    return pages
