"""Backup and restore of the database and of the uploaded and generated files.

A backup is a folder holding `database.dump` (pg_dump custom format) or `database.sqlite3`,
`media.tar.gz` (the local file storage) and `manifest.json`. With S3 storage, files are
left to the bucket's own versioning and only the database is saved.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(RuntimeError):
    pass


def _database():
    return settings.DATABASES["default"]


def _pg_env(database: dict) -> dict:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _pg_args(database: dict) -> list[str]:
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [flag, str(database[key])]
    return args


def _run(command: list[str], env: dict):
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"La commande {command[0]} est introuvable : installez le client PostgreSQL (postgresql-client)."
        )
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {completed.stderr.strip()}")


def backup_create(*, destination: Path) -> Path:
    """Write a complete backup into a new dated folder under `destination`; return it."""
    folder = Path(destination) / timezone.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    database = _database()
    if database["ENGINE"] == "django.db.backends.postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *_pg_args(database),
                f"--file={folder / 'database.dump'}",
                database["NAME"],
            ],
            _pg_env(database),
        )
        kind = "postgresql"
    else:
        connections["default"].close()
        with (
            sqlite3.connect(database["NAME"]) as source,
            sqlite3.connect(folder / "database.sqlite3") as target,
        ):
            source.backup(target)
        kind = "sqlite"
    media = Path(settings.MEDIA_ROOT)
    has_media = not settings.S3_BUCKET and media.exists()
    if has_media:
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            archive.add(media, arcname="media")
    manifest = {"created_at": timezone.now().isoformat(), "database": kind, "media": has_media}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def backup_restore(*, source: Path):
    """Replace the database (and local files) with those of the backup folder `source`."""
    source = Path(source)
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(
            f"{source} n'est pas une sauvegarde de la plateforme (manifest.json absent)."
        )
    manifest = json.loads(manifest_path.read_text())
    database = _database()
    connections["default"].close()
    if manifest["database"] == "postgresql":
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError(
                "Cette sauvegarde vient de PostgreSQL : restaurez-la dans une base PostgreSQL."
            )
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *_pg_args(database),
                f"--dbname={database['NAME']}",
                str(source / "database.dump"),
            ],
            _pg_env(database),
        )
    else:
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise BackupError(
                "Cette sauvegarde vient de SQLite : restaurez-la dans une base SQLite."
            )
        with (
            sqlite3.connect(source / "database.sqlite3") as backup,
            sqlite3.connect(database["NAME"]) as target,
        ):
            backup.backup(target)
    if manifest["media"]:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        media.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "media.tar.gz") as archive:
            archive.extractall(media.parent, filter="data")
            extracted = media.parent / "media"
            if extracted != media:
                extracted.rename(media)
