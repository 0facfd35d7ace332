"""Throwaway copies of the benchmark database, for the figures that write (load test, batch).

`make bench` must leave the national-scale dataset as it found it. PostgreSQL copies a whole
database from a template in a few seconds, provided nobody is connected to the template: Django's
own connections are closed first, and reopen by themselves on the next query.
"""

import contextlib
from collections.abc import Iterator

import psycopg
from django.db import connections

DEFAULT = "default"


def _maintenance_connection(settings: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres",
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    )


def database_create_if_missing(settings: dict | None = None) -> bool:
    """Create the database `settings` name (by default, the default database's) when the
    server lacks it, so that `make bench` runs on a fresh machine; tell whether it did."""
    settings = settings or connections[DEFAULT].settings_dict
    name = settings["NAME"]
    with _maintenance_connection(settings) as maintenance:
        if maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        maintenance.execute(f'CREATE DATABASE "{name}"')
    return True


@contextlib.contextmanager
def database_copy(suffix: str) -> Iterator[str]:
    """Yield the database URL of a copy of the default database, dropped when leaving."""
    settings = connections[DEFAULT].settings_dict
    if connections[DEFAULT].vendor != "postgresql":
        raise RuntimeError("Les copies de base de mesure demandent PostgreSQL.")
    source = settings["NAME"]
    copy = f"{source}_{suffix}"
    _disconnect()
    with _maintenance_connection(settings) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        maintenance.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    try:
        yield database_url(settings, copy)
    finally:
        with _maintenance_connection(settings) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


def _disconnect() -> None:
    """Close this process's connections, pooled ones included (a pool keeps them open)."""
    connections.close_all()
    for connection in connections.all():
        if getattr(connection, "pool", None) is not None:
            connection.close_pool()


def database_url(settings: dict, name: str) -> str:
    """The DATABASE_URL a child process (gunicorn, a Celery worker) needs to reach `name`."""
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"
