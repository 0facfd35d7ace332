"""Fixtures of the demo tests."""

import pytest
from django.db import transaction

from territories.services import referential_load


@pytest.fixture(scope="module")
def referential(django_db_setup, django_db_blocker):
    """The shipped referential, loaded once for the module that asks for it.

    As in `tests/territories/conftest.py`: the load runs inside a transaction that the module
    rolls back at its end, so each test still runs in its own savepoint and other modules never
    see 35,000 communes they did not ask for.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield referential_load()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
