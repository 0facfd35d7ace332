"""A real Celery worker, against the local Redis and the test's PostgreSQL database, makes
documents end to end (CI sets REDIS_URL and DATABASE_URL; elsewhere these tests are skipped).

The worker is a separate process: it sees only committed data, so these tests commit theirs
(`transaction=True`), and `serialized_rollback` puts back what the migrations loaded.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools

from config import celery_app
from contracts.models import Contract
from reports import services, tasks
from reports.enums import ReportKind, ReportStatus
from reports.models import EvaluationReport

REDIS_URL = os.environ.get("REDIS_URL", "")
# Long enough for a cold worker to start and lay out a PDF on a slow CI machine.
TIMEOUT_SECONDS = 120

pytestmark = [
    pytest.mark.skipif(
        not REDIS_URL,
        reason="REDIS_URL n'est pas défini : pas de broker pour lancer un vrai worker Celery.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url() -> str:
    """The test database (not the one of the settings), for the worker to share it."""
    db = connection.settings_dict
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def forget_broker_connections():
    """Close the app's broker connections and forget them, as Celery does after a fork, so that
    the next message goes through the broker now configured (an earlier test may have opened
    the in-memory one)."""
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Un vrai worker a besoin de PostgreSQL (DATABASE_URL) : il ne voit pas la base "
            "SQLite en mémoire des tests."
        )
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    # From here, this process queues tasks in Redis instead of running them itself.
    celery_app.conf.update(task_always_eager=False, broker_url=REDIS_URL)
    forget_broker_connections()
    celery_app.control.purge()  # leftovers of an interrupted run
    media = tmp_path / "media"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url(),
            "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(media),
            "EMAIL_URL": "consolemail://",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield media
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        celery_app.control.purge()
        celery_app.conf.update(saved)
        forget_broker_connections()
        # Print the worker's log when a test fails (pytest shows captured output then).
        print(output)


def wait_until(condition, what: str):
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"Le worker n'a pas fini en {TIMEOUT_SECONDS} s : {what}.")


def test_a_worker_makes_the_document_a_user_asked_for(world, worker):
    report = services.report_request(
        contract=world.contract, kind=ReportKind.SUMMARY, by=world.coordinator
    )
    assert report.status == ReportStatus.PENDING  # the request did not wait

    def finished():
        report.refresh_from_db()
        return report.is_finished

    wait_until(finished, "la synthèse du contrat")
    assert report.status == ReportStatus.READY, report.error_message
    pdf = Path(worker) / report.file.name
    assert pdf.read_bytes().startswith(b"%PDF")


def test_two_schedulers_firing_at_once_make_one_review_per_contract(world, worker):
    # The worker reads the machine's clock, not the test's: the year is given.
    tasks.queue_annual_reviews.delay(year=2025)
    tasks.queue_annual_reviews.delay(year=2025)
    reviews = EvaluationReport.objects.filter(kind=ReportKind.ANNUAL_REVIEW)
    expected = Contract.objects.count()

    def all_ready():
        return reviews.filter(status=ReportStatus.READY).count() == expected

    wait_until(all_ready, "les bilans annuels")
    time.sleep(2)  # anything queued twice would have been made by now
    assert reviews.count() == expected
