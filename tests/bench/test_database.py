"""The benchmark database is created when the server lacks it (`make bench` on a fresh
machine), and left alone when it exists."""

import pytest
from django.db import connection

from bench.database import _maintenance_connection, database_create_if_missing

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="make bench runs on PostgreSQL"
)

NAME = "cls_bench_creation_test"


@pytest.fixture
def settings_of_a_missing_database():
    settings = {**connection.settings_dict, "NAME": NAME}
    with _maintenance_connection(settings) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
    yield settings
    with _maintenance_connection(settings) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


def _exists(settings) -> bool:
    with _maintenance_connection(settings) as maintenance:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        return maintenance.execute(query, [NAME]).fetchone() is not None


def test_missing_database_is_created_once(settings_of_a_missing_database):
    assert database_create_if_missing(settings_of_a_missing_database) is True
    assert _exists(settings_of_a_missing_database)
    assert database_create_if_missing(settings_of_a_missing_database) is False
