"""The embedded default (SQLite) serves concurrent writers: they wait their turn instead of
failing with « database is locked », and one that waited too long gets a French 503."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import include, path

ROOT = Path(__file__).resolve().parent.parent.parent
WRITERS, INCREMENTS = 4, 15
# Each writer reads the counter, then writes it back plus one, in a transaction, as a form
# that reads a row then saves it does: two deferred transactions that both read would both
# need to turn into a writing one, and one of them would fail at once.
WRITER = f"""
import django
django.setup()
from django.db import connection, transaction
for _ in range({INCREMENTS}):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            (n,) = cursor.fetchone()
            cursor.execute("UPDATE counter SET n = %s", [n + 1])
"""


def writer(database: Path) -> subprocess.Popen:
    """A process with the platform's settings on `database`."""
    return subprocess.Popen(
        [sys.executable, "-c", WRITER],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_writers_wait_their_turn_and_lose_nothing(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE counter (n integer)")
        setup.execute("INSERT INTO counter VALUES (0)")

    writers = [writer(database) for _ in range(WRITERS)]
    errors = [process.communicate(timeout=120)[1] for process in writers]

    assert all(process.returncode == 0 for process in writers), errors
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT n FROM counter").fetchone()[0] == WRITERS * INCREMENTS
        # Readers do not wait for writers either.
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def locked(request):
    raise OperationalError("database is locked")


urlpatterns = [
    path("verrou/", locked),
    path("api/verrou/", locked),
    path("", include("config.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "content_type"), [("/verrou/", "text/html"), ("/api/verrou/", "application/json")]
)
def test_a_writer_that_waited_too_long_gets_a_french_503_not_a_500(
    client, admin_user, url, content_type
):
    client.force_login(admin_user)
    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Type"].startswith(content_type)
    assert "réessayez" in response.content.decode()
