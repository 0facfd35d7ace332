"""Backup → restore round trip into an empty database, through the real commands."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent.parent
COUNT_SCRIPT = (
    "from territories.models import Commune, Epci; from actors.models import Organisation; "
    "print(Commune.objects.count(), Epci.objects.count(), Organisation.objects.count())"
)
SEED_SCRIPT = (
    "from actors.models import Organisation; "
    "Organisation.objects.create(name='Observatoire régional de la santé', kind='association')"
)


def manage(*args, env, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def environment(database_url: str, media: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    env.pop("REDIS_URL", None)
    return env


def round_trip(database_url: str, empty_database, tmp_path: Path):
    """Fill a database, back it up, empty it, restore it: the same rows and files come back."""
    media = tmp_path / "media"
    env = environment(database_url, media)
    manage("migrate", "-v0", env=env)
    manage("load_territories", env=env)
    manage("shell", "--no-imports", "-c", SEED_SCRIPT, env=env)
    (media / "contracts" / "1").mkdir(parents=True)
    (media / "contracts" / "1" / "contrat.pdf").write_bytes(b"%PDF-1.7 contrat signe")
    before = manage("shell", "--no-imports", "-c", COUNT_SCRIPT, env=env)

    output = manage("backup", "--destination", str(tmp_path / "backups"), env=env)
    folder = output.strip().rsplit(" ", 1)[-1]
    empty_database()
    (media / "contracts" / "1" / "contrat.pdf").unlink()
    manage("restore", folder, "--yes", env=env)

    assert manage("shell", "--no-imports", "-c", COUNT_SCRIPT, env=env) == before
    assert before.split()[0] == "34875"
    assert (media / "contracts" / "1" / "contrat.pdf").read_bytes() == b"%PDF-1.7 contrat signe"


def test_sqlite_backup_restores_into_an_empty_database(tmp_path):
    database = tmp_path / "cls.sqlite3"
    round_trip(f"sqlite:///{database}", lambda: database.write_bytes(b""), tmp_path)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Sauvegarde PostgreSQL : lancer les tests avec DATABASE_URL=postgres://…",
)
def test_postgresql_backup_restores_into_an_empty_database(tmp_path):
    import psycopg

    database = settings.DATABASES["default"]
    name = f"backup_check_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    user = f"{database['USER']}@" if database.get("USER") else ""
    url = f"postgres://{user}{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/{name}"

    def recreate():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    recreate()
    try:
        round_trip(url, recreate, tmp_path)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
