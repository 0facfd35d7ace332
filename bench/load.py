"""The load test of `make bench`: wrk against gunicorn on loopback, 80 % reads, 15 % writes and
5 % export requests through the API, as an ARS agent's partner tool of the largest région.

Everything runs against a throwaway copy of the database (`bench.database.database_copy`): the
requests and the token are chosen in the dataset, which is only read, and the writes land in
the copy. gunicorn runs with the production settings and the workers of docker/web.sh, with:

- persistent PostgreSQL connections (the settings' default `DATABASE_CONN_MAX_AGE`), as deployed;
- the API's per-token limit lifted (`API_THROTTLE_RATE`), since one token makes every call;
- Redis database 8 as Celery broker and cache: an export request is measured up to its PDF
  being queued, as in production (no worker renders it); it is flushed before and after.

wrk is closed-loop: the more connections, the more requests wait in gunicorn's queue. A few
short steps find the number of connections that gives the most requests per second while the
95th percentile stays under the target; the figure is a full run at that number.
"""

import contextlib
import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import redis
from django.conf import settings
from django.utils import timezone

from actions.models import Action
from actors.enums import TokenScope
from actors.models import User
from bench.database import database_copy
from config.api_tools import Position
from contracts import access
from indicators.models import Indicator, IndicatorValue
from reports.enums import ReportKind
from territories.models import Region

HOST = "127.0.0.1"
SCRIPT = Path(__file__).resolve().parent / "wrk" / "mix.lua"
MIX = {"read": 80, "write": 15, "export": 5}
REDIS_URL = "redis://127.0.0.1:6379/8"
# Per second rather than per minute: DRF keeps one timestamp per call over the whole period, and
# a minute's worth at this rate would make each call move tens of kilobytes through Redis.
THROTTLE_RATE = "1000000/second"
# The targets of docs/performance.md on two cores.
TARGET_RATE = 100
TARGET_P95_MS = 200
# Connections tried in short steps, stopping at the first that misses the target.
LEVELS = (2, 4, 8, 16)
WRK_THREADS = 2
# A request slower than this counts as a socket error (wrk's own default, made explicit).
WRK_TIMEOUT_SECONDS = 2
READY_TIMEOUT_SECONDS = 30
# How many addresses of each kind the mix draws from.
SAMPLE = 30
WRITE_SAMPLE = 200
API = "/api/v1"


def _sample(items: list, size: int) -> list:
    """`size` items spread evenly over `items` (repeated when there are fewer): deterministic."""
    if not items:
        return []
    step = max(1, len(items) // size)
    spread = items[::step][:size]
    return [spread[i % len(spread)] for i in range(size)]


# ---------------------------------------------------------------------------------------------
# What is asked for
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Plan:
    agent: User
    region: Region
    reads: list[str]
    writes: list[str]  # lines "write<TAB>path<TAB>low<TAB>high<TAB>other fields" for mix.lua
    exports: list[str]  # lines "export<TAB>path<TAB>body"

    def file_text(self, key: str) -> str:
        lines = [f"token\t{key}", *(f"read\t{path}" for path in self.reads)]
        return "\n".join([*lines, *self.writes, *self.exports]) + "\n"


def _reads(agent: User, region: Region, contract_ids: list[int]) -> list[str]:
    """As many addresses of each endpoint a partner tool calls, so that each weighs the same."""
    action_ids = list(
        access.actions_visible_to(agent, Action.objects.filter(contract__ars__region=region))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    values = access.indicator_values_visible_to(agent, IndicatorValue.objects.all())
    # A synchronisation since a recent moment: about a tenth of the région's values.
    moments = values.order_by("updated_at").values_list("updated_at", flat=True)
    since = moments[int(moments.count() * 0.9)]
    recent = values.filter(updated_at__gte=since)
    contracts = _sample(contract_ids, SAMPLE)
    in_region = access.contracts_visible_to(agent).filter(ars__region=region)
    return [
        *_sample(
            [f"{API}/contracts/?region={region.pk}{after}" for after in _positions(in_region)],
            SAMPLE,
        ),
        *(f"{API}/contracts/{pk}/" for pk in contracts),
        *(f"{API}/actions/?contract={pk}" for pk in contracts),
        *(f"{API}/actions/{pk}/" for pk in _sample(action_ids, SAMPLE)),
        *(f"{API}/indicators/?contract={pk}" for pk in contracts),
        *(f"{API}/indicator-values/?contract={pk}" for pk in contracts),
        *_sample(
            [
                f"{API}/indicator-values/?updated_since={_quoted(since)}{after}"
                for after in _positions(recent)[:3]
            ],
            SAMPLE,
        ),
    ]


def _positions(rows, size: int = 50) -> list[str]:
    """The first page of a synchronisable list, then its next ones, as `next` leads to them."""
    keys = list(rows.order_by("updated_at", "pk").values_list("updated_at", "pk"))
    return [""] + [
        f"&after={_quoted(str(Position(*keys[index])))}"
        for index in range(size - 1, len(keys) - 1, size)
    ]


def _quoted(value) -> str:
    return urllib.parse.quote(value if isinstance(value, str) else value.isoformat())


def _writes(agent: User) -> list[str]:
    """Existing values of the région, each rewritten with a new figure within its bounds. Only
    values of periods that have begun: the dataset also holds values of later periods, which
    the platform refuses to write."""
    indicators = access.indicators_visible_to(agent, Indicator.objects.all())
    ids = IndicatorValue.objects.filter(
        indicator__in=indicators.values("pk"), period_start__lte=timezone.localdate()
    ).order_by("pk")
    values = IndicatorValue.objects.filter(
        pk__in=set(_sample(list(ids.values_list("pk", flat=True)), WRITE_SAMPLE))
    ).select_related("indicator__definition", "indicator__contract")
    lines = []
    for value in values.order_by("pk"):
        if not value.is_within_term(value.indicator.contract):
            continue
        definition = value.indicator.definition
        low = definition.min_value if definition.min_value is not None else min(value.value, 0)
        high = (
            definition.max_value
            if definition.max_value is not None
            else max(value.value * 2, low + 10)
        )
        # What the value has besides its figure is sent unchanged.
        others = {
            "numerator": _text(value.numerator),
            "denominator": _text(value.denominator),
            "comment": value.comment,
            "source": value.source,
        }
        path = f"{API}/indicators/{value.indicator_id}/values/{value.period}/"
        lines.append(f"write\t{path}\t{low}\t{high}\t, {json.dumps(others)[1:-1]}")
    return lines


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _exports(contract_ids: list[int]) -> list[str]:
    return [
        f"export\t{API}/contracts/{pk}/exports/\t{json.dumps({'kind': kind})}"
        for pk in _sample(contract_ids, SAMPLE // 2)
        for kind in (ReportKind.SUMMARY, ReportKind.ACTION_BOOK)
    ]


def plan_build(region: Region, agent: User) -> Plan:
    """The requests of the mix, as `agent`'s tool would make them (the dataset is only read)."""
    contract_ids = list(
        access.contracts_visible_to(agent)
        .filter(ars__region=region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return Plan(
        agent=agent,
        region=region,
        reads=_reads(agent, region, contract_ids),
        writes=_writes(agent),
        exports=_exports(contract_ids),
    )


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------


def workers() -> int:
    """One per core, as docker/web.sh."""
    return len(os.sched_getaffinity(0))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def token_create(database_url: str, email: str) -> str:
    """A read and values:write key for `email`, created in the copy by the project's command."""
    done = subprocess.run(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "create_api_token",
            email,
            "--scope",
            TokenScope.READ,
            "--scope",
            TokenScope.VALUES_WRITE,
            "--name",
            "make bench (test de charge)",
        ],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return done.stdout.strip().splitlines()[-1]


def _server_environment(database_url: str, media_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        # Persistent connections (DATABASE_CONN_MAX_AGE), which Django refuses with its pool.
        "DATABASE_POOL": "false",
        "REDIS_URL": REDIS_URL,
        "API_THROTTLE_RATE": THROTTLE_RATE,
        "MEDIA_ROOT": str(media_root),
    }


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _boot_error(log_path: Path) -> str:
    """The first exception a worker met while booting (a setting missing…), else the log's end."""
    lines = log_path.read_text().strip().splitlines()
    raised = [line for line in lines if re.match(r"^[\w.]+(Error|Exception|Configured): ", line)]
    return raised[0] if raised else " | ".join(lines[-3:])


@contextlib.contextmanager
def gunicorn(database_url: str, folder: Path) -> Iterator[str]:
    """Run gunicorn as docker/web.sh does, on a free loopback port; yield its base URL."""
    port = _free_port()
    log_path = folder / "gunicorn.log"
    media_root = folder / "media"
    media_root.mkdir()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--config",
        "python:config.gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers()),
        "--timeout",
        "60",
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--forwarded-allow-ips",
        "*",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]
    base_url = f"http://{HOST}:{port}"
    with log_path.open("w") as log_file:
        server = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=_server_environment(database_url, media_root),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + READY_TIMEOUT_SECONDS
            while not _ready(base_url):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn n'a pas répondu sur /healthz : {_boot_error(log_path)}"
                    )
                time.sleep(0.2)
            yield base_url
        finally:
            # SIGINT: gunicorn's quick shutdown (SIGTERM would wait for a graceful one).
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# ---------------------------------------------------------------------------------------------
# The load
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Load:
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    statuses: dict[int, int]
    socket_errors: int
    sent: dict[str, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def bad_statuses(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 400)

    @property
    def errors(self) -> int:
        return self.bad_statuses + self.socket_errors

    @property
    def holds(self) -> bool:
        return self.p95_ms < TARGET_P95_MS and self.errors == 0


def wrk_run(
    base_url: str, plan_path: Path, *, connections: int, seconds: int, mix: dict[str, int] = MIX
) -> Load:
    done = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={WRK_TIMEOUT_SECONDS}s",
            "--latency",
            "-s",
            str(SCRIPT),
            base_url,
            "--",
            str(plan_path),
            str(mix["read"]),
            str(mix["write"]),
            str(mix["export"]),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MIX ")]
    if not lines:
        raise RuntimeError(f"wrk n'a pas donné ses chiffres : {done.stderr.strip()[-500:]}")
    figures = json.loads(lines[0].removeprefix("MIX "))
    return Load(
        connections=connections,
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        statuses={int(status): count for status, count in figures["statuses"].items()},
        socket_errors=sum(figures[kind] for kind in ("connect", "read", "write", "timeout")),
        sent=figures["sent"],
    )


def _steps(base_url: str, plan_path: Path, seconds: int) -> list[Load]:
    """Short runs at growing connection counts, until one misses the target."""
    steps = []
    for connections in LEVELS:
        steps.append(wrk_run(base_url, plan_path, connections=connections, seconds=seconds))
        if not steps[-1].holds:
            break
    return steps


def _best(steps: list[Load]) -> int:
    held = [step for step in steps if step.holds]
    return max(held, key=lambda step: step.rate).connections if held else steps[0].connections


# ---------------------------------------------------------------------------------------------
# The figure
# ---------------------------------------------------------------------------------------------

LABEL = (
    "Test de charge (gunicorn, {workers} workers, wrk {threads} fils / {connections} connexions, "
    "{seconds} s, 80 % lectures / 15 % écritures / 5 % exports)"
)


def _french(number: float, digits: int) -> str:
    return f"{number:.{digits}f}".replace(".", ",")


def _statuses(load: Load) -> str:
    return ", ".join(f"{count} en {status}" for status, count in sorted(load.statuses.items()))


def _shares(load: Load) -> str:
    total = sum(load.sent.values()) or 1
    return " / ".join(f"{_french(load.sent[kind] * 100 / total, 1)} %" for kind in MIX)


def _step_text(step: Load) -> str:
    return (
        f"{step.connections} conn. → {step.rate:.0f} req/s, p95 {step.p95_ms:.0f} ms, "
        f"{step.errors} erreur{'s' if step.errors > 1 else ''}"
    )


@dataclasses.dataclass
class Run:
    plan: Plan
    steps: list[Load]
    load: Load
    seconds: int
    step_seconds: int
    # The machine's load average when starting: other work on the two cores shows here.
    load_average: float
    wall_seconds: float


def _figure_lines(run: Run) -> list[str]:
    plan, steps, load = run.plan, run.steps, run.load
    label = LABEL.format(
        workers=workers(), threads=WRK_THREADS, connections=load.connections, seconds=run.seconds
    )
    verdict = "atteinte" if load.rate >= TARGET_RATE and load.holds else "manquée"
    return [
        f"{label} : {load.rate:.0f} req/s, p50 {load.p50_ms:.0f} ms, p95 {load.p95_ms:.0f} ms, "
        f"p99 {load.p99_ms:.0f} ms, erreurs {load.errors} (non-2xx/3xx : {load.bad_statuses}, "
        f"sockets : {load.socket_errors}) (cible ≥ {TARGET_RATE} req/s à p95 < {TARGET_P95_MS} ms, "
        f"0 erreur : {verdict})",
        f"  paliers de {run.step_seconds} s : " + " ; ".join(_step_text(step) for step in steps),
        f"  requêtes envoyées (lectures / écritures / exports) : {_shares(load)} ; "
        f"réponses : {_statuses(load)}",
        f"  conditions : jeton API d'un agent ARS ({plan.region}), {len(set(plan.reads))} adresses "
        f"lues, {len(plan.writes)} valeurs réécrites, {len(plan.exports)} exports demandés ; "
        f"réglages de production, connexions PostgreSQL persistantes "
        f"(DATABASE_CONN_MAX_AGE par défaut), limite d'appels levée (API_THROTTLE_RATE={THROTTLE_RATE}), "
        f"exports mis en file dans Redis (base 8, vidée ensuite), écritures dans une copie "
        f"jetable de la base ; charge moyenne de la machine au départ : "
        f"{_french(run.load_average, 2)} ; durée totale : {run.wall_seconds:.0f} s",
    ]


def load_test_figure(
    *, region: Region, agent: User, duration: int, log: Callable[[str], None]
) -> None:
    """Run the load test for `duration` seconds (plus short steps) with the API token of
    `agent`, an ARS agent of `region`, and `log` its figure."""
    label = LABEL.format(workers=workers(), threads=WRK_THREADS, connections="N", seconds=duration)
    if shutil.which("wrk") is None:
        log(f"{label} : non mesuré, wrk manque (sudo apt-get install -y wrk)")
        return
    broker = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        broker.ping()
    except redis.RedisError:
        # Without a broker, Celery would render each PDF inside its request: another figure.
        log(
            f"{label} : non mesuré, Redis injoignable sur {REDIS_URL} (les exports y sont mis en file)"
        )
        return
    started = time.monotonic()
    load_average = os.getloadavg()[0]
    step_seconds = max(3, duration // 6)
    plan = plan_build(region, agent)
    broker.flushdb()
    try:
        with database_copy("load") as database_url, tempfile.TemporaryDirectory() as folder:
            plan_path = Path(folder) / "plan.tsv"
            plan_path.write_text(plan.file_text(token_create(database_url, plan.agent.email)))
            with gunicorn(database_url, Path(folder)) as base_url:
                # Every worker takes a few requests (imports, first connection) before measuring.
                wrk_run(base_url, plan_path, connections=2 * workers(), seconds=2)
                steps = _steps(base_url, plan_path, step_seconds)
                load = wrk_run(base_url, plan_path, connections=_best(steps), seconds=duration)
    finally:
        broker.flushdb()
    run = Run(plan, steps, load, duration, step_seconds, load_average, time.monotonic() - started)
    for line in _figure_lines(run):
        log(line)
