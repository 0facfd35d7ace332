"""The nightly batch figure of `make bench`: annual reviews made by two Celery workers.

In January the schedule queues one `schedule_report` task per contract in force; each makes the
snapshot and the row, queues `render_report` (HTML, PDF, storage), which queues
`notify_report_ready` (the e-mails). The figure compares two real workers with the ideal, half
the sum of the times of the same chains run one by one in this process:

    efficiency = (sum of single-report times / 2) / wall time with two workers  (target ≥ 0.85)

The chains are run one by one before the workers and again after them, and the sum is the mean
of both: the speed of a shared machine can drift by a third within minutes, and timing the ideal on both sides of
the workers' run weighs that drift alike.

Rendering every review would take a quarter of an hour, so a sample is measured: contracts
spread evenly over the due ones ranked by size, small and large alike; the lines also give the
projection for all of them, and the processor time of both runs: when the efficiency is low,
it tells extra work in the workers from a machine busy with something else.

Both runs work on one throwaway copy of the database (the reviews of the first run are deleted
before the second), write their PDFs to a temporary folder and send their e-mails nowhere: the
dataset, the media folder and the users' inboxes are left untouched.
"""

import contextlib
import logging
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import redis
from celery import Celery
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from actors.models import Notification
from bench.database import database_copy
from config.celery import app
from contracts.models import Contract
from reports import tasks
from reports.enums import ReportKind, ReportStatus
from reports.models import EvaluationReport
from reports.services import annual_reviews_due

# Redis database of the benchmark's broker: flushed before and after, so nobody else's.
BATCH_REDIS_URL = "redis://127.0.0.1:6379/9"
WORKERS = 2
WORKER_READY_TIMEOUT = 30
WORKER_STOP_TIMEOUT = 60
BATCH_TIMEOUT = 15 * 60
POLL_SECONDS = 0.2
FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
DUMMY_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
TASK_TRACE_LOGGER = "celery.app.trace"


class BatchError(Exception):
    """The batch did not finish: the figure is not given, and this says why (in French)."""


@dataclass
class Measures:
    singles: list[float]  # seconds of each contract's chain, one by one in this process, before
    singles_after: list[float]  # the same, after the workers' run
    singles_cpu: float  # processor seconds of this process for them, mean of both runs
    wall: float  # seconds for all of them with two workers
    workers_cpu: float  # processor seconds of the worker and its pool, start-up included
    machine_busy: float | None  # cores busy on the machine during the batch, whoever used them


def nightly_batch_figure(
    *, sample: int, log: Callable[[str], None], redis_url: str = BATCH_REDIS_URL
) -> None:
    """Measure the annual reviews of `sample` contracts made by two workers; `log` the lines."""
    label = "Lot nocturne des bilans annuels"
    reason = _skip_reason(redis_url)
    if reason:
        log(f"{label} (deux workers) : non mesuré ({reason})")
        return
    year = timezone.localdate().year - 1  # what `queue_annual_reviews` asks for in January
    workdir = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    started = time.perf_counter()
    try:
        with database_copy("batch") as database_url, _connected_to(database_url):
            due = annual_reviews_due(year=year)
            contract_ids = sample_by_size(due, sample)
            if not contract_ids:
                log(f"{label} {year} : non mesuré (aucun contrat à mesurer)")
                return
            with _isolated(workdir / "media"):
                singles, before_cpu, notifications = single_times(contract_ids, year=year)
                reviews_delete(contract_ids, year=year)
            wall, workers_cpu, machine_busy = two_workers_time(
                contract_ids,
                year=year,
                notifications=notifications,
                database_url=database_url,
                redis_url=redis_url,
                workdir=workdir,
            )
            with _isolated(workdir / "media"):
                reviews_delete(contract_ids, year=year)  # the workers' reviews
                singles_after, after_cpu, _ = single_times(contract_ids, year=year)
    except BatchError as error:
        log(f"{label} {year} : non mesuré ({error})")
        return
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        _redis_flush(redis_url)
    singles_cpu = (before_cpu + after_cpu) / 2
    measures = Measures(singles, singles_after, singles_cpu, wall, workers_cpu, machine_busy)
    elapsed = time.perf_counter() - started
    for line in batch_lines(f"{label} {year}", measures, due=len(due), elapsed=elapsed):
        log(line)


def batch_lines(label: str, measures: Measures, *, due: int, elapsed: float) -> list[str]:
    singles, wall = measures.singles, measures.wall
    before, after = sum(singles), sum(measures.singles_after)
    total = (before + after) / 2
    ideal = total / WORKERS
    per_review = wall / len(singles)
    both = [*singles, *measures.singles_after]
    # When the efficiency is low, this tells a busy machine (the cores went to something else)
    # from extra work in the workers (more processor time than one by one).
    busy = ""
    if measures.machine_busy is not None:
        busy = (
            f"pendant le lot, {measures.machine_busy:.2f} cœur occupé sur {os.cpu_count()} "
            f"dont {measures.workers_cpu / wall:.2f} par les workers ; "
        )
    return [
        f"{label} : {len(singles)} contrats sur {due} dus, deux workers Celery en {wall:.1f} s ; "
        f"somme des temps unitaires {total:.1f} s (avant {before:.1f} s, après {after:.1f} s), "
        f"/2 = {ideal:.1f} s ; "
        f"efficacité {ideal / wall:.2f} (cible ≥ 0,85)",
        f"{label} : {busy}temps processeur des workers {measures.workers_cpu:.1f} s "
        f"(démarrage compris) contre {measures.singles_cpu:.1f} s un par un",
        f"{label} : temps unitaire médian {statistics.median(both):.2f} s, le plus long "
        f"{max(both):.2f} s ; projection pour les {due} contrats dus : "
        f"{due * per_review / 60:.1f} min avec deux workers ({per_review:.2f} s par bilan) ; "
        f"mesure faite en {elapsed:.0f} s",
    ]


def _skip_reason(redis_url: str) -> str:
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return "la base n'est pas PostgreSQL"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis injoignable à {redis_url} : {error}"
    return ""


def _redis_flush(redis_url: str) -> None:
    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).flushdb()


def sample_by_size(contract_ids: list[int], sample: int) -> list[int]:
    """`sample` of the contracts, evenly spread over them ranked by number of actions; in the
    order of their ids, as the schedule queues them (largest last would lengthen the tail)."""
    ranked = list(
        Contract.objects.filter(pk__in=contract_ids)
        .annotate(size=Count("actions"))
        .order_by("size", "pk")
        .values_list("pk", flat=True)
    )
    count = min(sample, len(ranked))
    return sorted(ranked[index * len(ranked) // count] for index in range(count))


# --- One by one, in this process -------------------------------------------------------------


def single_times(contract_ids: list[int], *, year: int) -> tuple[list[float], float, int]:
    """The time of each contract's whole chain (schedule, render, notify) run eagerly here,
    the processor time of them all and the number of e-mails recorded; after one untimed
    chain that loads WeasyPrint and the templates."""
    with _celery_conf(task_always_eager=True), _quiet(TASK_TRACE_LOGGER):
        _review_make(contract_ids[0], year)
        reviews_delete(contract_ids[:1], year=year)
        times = []
        cpu = time.process_time()
        for contract_id in contract_ids:
            start = time.perf_counter()
            _review_make(contract_id, year)
            times.append(time.perf_counter() - start)
        cpu = time.process_time() - cpu
    reviews = _reviews(contract_ids, year)
    failed = reviews.exclude(status=ReportStatus.READY).count()
    if failed or reviews.count() != len(contract_ids):
        raise BatchError(f"{failed} bilans non produits un par un")
    return times, cpu, _notifications(reviews).count()


def _review_make(contract_id: int, year: int) -> None:
    # Eager: the render and the e-mails queued on commit run here before `apply` returns.
    tasks.schedule_report.apply(args=(contract_id, ReportKind.ANNUAL_REVIEW, str(year)))


def _reviews(contract_ids: list[int], year: int):
    return EvaluationReport.objects.scheduled().filter(
        contract__in=contract_ids, kind=ReportKind.ANNUAL_REVIEW, period=str(year)
    )


def _notifications(reviews):
    pks = reviews.values_list("pk", flat=True)
    return Notification.objects.filter(key__in=[f"report:{pk}" for pk in pks])


def reviews_delete(contract_ids: list[int], *, year: int) -> None:
    """Undo the reviews of `year` of these contracts: files, e-mail records, rows."""
    reviews = _reviews(contract_ids, year)
    for review in reviews.exclude(file=""):
        default_storage.delete(review.file.name)
    _notifications(reviews).delete()
    reviews.delete()


# --- Two workers -----------------------------------------------------------------------------


def two_workers_time(
    contract_ids: list[int],
    *,
    year: int,
    notifications: int,
    database_url: str,
    redis_url: str,
    workdir: Path,
) -> tuple[float, float, float | None]:
    """Seconds from queuing the chains to the last e-mail recorded with two real workers, the
    processor seconds the worker used (known once it has stopped) and the cores busy on the
    machine meanwhile."""
    _redis_flush(redis_url)
    cpu = _children_cpu()
    hostname = f"bench-batch-{os.getpid()}@{socket.gethostname()}"
    worker_log = workdir / "worker.log"
    worker = _worker_start(hostname, database_url, redis_url, workdir / "media", worker_log)
    # The project's app keeps the broker of this process's settings (often none, tasks eager):
    # a client of its own reaches the worker's Redis, to ping it and to queue.
    client = Celery("bench-batch", broker=redis_url, set_as_current=False)
    try:
        _worker_wait(worker, hostname, client, worker_log)
        ticks = _processor_ticks()
        start = time.perf_counter()
        for contract_id in contract_ids:
            client.send_task(
                tasks.schedule_report.name,
                args=(contract_id, ReportKind.ANNUAL_REVIEW, str(year)),
                queue=app.conf.task_default_queue,
            )
        _batch_wait(worker, contract_ids, year, notifications, worker_log)
        wall = time.perf_counter() - start
        machine_busy = _cores_busy_since(ticks)
    finally:
        client.close()
        _worker_stop(worker)
    return wall, _children_cpu() - cpu, machine_busy


def _processor_ticks() -> tuple[int, int] | None:
    """(busy, all) clock ticks of the machine's processors since start-up; None off Linux."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
        ticks = [int(field) for field in fields]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle and waiting for the disk
    return sum(ticks) - idle, sum(ticks)


def _cores_busy_since(before: tuple[int, int] | None) -> float | None:
    after = _processor_ticks()
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1]) * os.cpu_count()


def _children_cpu() -> float:
    # Children count once waited for, with the children they waited for (the pool's).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _worker_start(
    hostname: str, database_url: str, redis_url: str, media: Path, worker_log: Path
) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media),
        "S3_BUCKET": "",
        "EMAIL_URL": "dummymail://",
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker"),
        *("--pool", "prefork", "--concurrency", str(WORKERS), "-O", "fair"),
        *("--queues", app.conf.task_default_queue, "--hostname", hostname),
        *("--without-gossip", "--without-mingle", "--loglevel", "warning"),
    ]
    with worker_log.open("wb") as output:
        # Its own process group: stopping it reaches the pool's children too.
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _worker_wait(worker: subprocess.Popen, hostname: str, client: Celery, worker_log: Path) -> None:
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise BatchError(f"le worker s'est arrêté au démarrage{_tail(worker_log)}")
        if client.control.ping(destination=[hostname], timeout=0.5):
            return
    raise BatchError(f"le worker n'a pas répondu en {WORKER_READY_TIMEOUT} s{_tail(worker_log)}")


def _batch_wait(
    worker: subprocess.Popen,
    contract_ids: list[int],
    year: int,
    notifications: int,
    worker_log: Path,
) -> None:
    """Until every review is finished and all its e-mails are recorded, as one by one."""
    reviews = _reviews(contract_ids, year)
    deadline = time.monotonic() + BATCH_TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise BatchError(f"le worker s'est arrêté pendant le lot{_tail(worker_log)}")
        finished = reviews.filter(status__in=(ReportStatus.READY, ReportStatus.FAILED))
        if finished.count() == len(contract_ids):
            failed = finished.filter(status=ReportStatus.FAILED).count()
            if failed:
                raise BatchError(f"{failed} bilans en échec avec deux workers{_tail(worker_log)}")
            if _notifications(reviews).count() >= notifications:
                return
        time.sleep(POLL_SECONDS)
    raise BatchError(f"lot inachevé après {BATCH_TIMEOUT // 60} min")


def _worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()  # warm shutdown: the pool's children finish their task and leave
    try:
        worker.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def _tail(worker_log: Path, lines: int = 5) -> str:
    try:
        text = worker_log.read_text(errors="replace").strip().splitlines()[-lines:]
    except OSError:
        return ""
    return f" ; journal du worker : {' | '.join(text)}" if text else ""


# --- This process's settings, for a while ----------------------------------------------------


@contextlib.contextmanager
def _connected_to(database_url: str) -> Iterator[None]:
    """Point this process's default connection at the database of `database_url`."""
    connection = connections[DEFAULT_DB_ALIAS]
    original = connection.settings_dict["NAME"]
    _close(connection)
    connection.settings_dict["NAME"] = urllib.parse.urlsplit(database_url).path.lstrip("/")
    try:
        yield
    finally:
        _close(connection)
        connection.settings_dict["NAME"] = original


def _close(connection) -> None:
    connection.close()
    # A pool keeps its connections to the database it was made for: it is made again.
    if connection.settings_dict.get("OPTIONS", {}).get("pool"):
        connection.close_pool()


@contextlib.contextmanager
def _isolated(media: Path) -> Iterator[None]:
    """PDFs in `media`, e-mails nowhere: what the worker is told through its environment."""
    storages = {**settings.STORAGES, "default": {"BACKEND": FILESYSTEM_STORAGE}}
    with override_settings(MEDIA_ROOT=media, STORAGES=storages, EMAIL_BACKEND=DUMMY_EMAIL_BACKEND):
        yield


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Only warnings and errors of `logger_name` (the eager tasks' lines would fill the output)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def _celery_conf(**values) -> Iterator[None]:
    previous = {name: app.conf[name] for name in values}
    app.conf.update(values)
    try:
        yield
    finally:
        app.conf.update(previous)
