"""Bring the database up to date at deployment: migrations, then the territory referential.

Several containers may start at once; on PostgreSQL an advisory lock makes them take turns, so
migrations never race. Safe to run at every start: both steps are idempotent.
"""

import contextlib

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any constant shared by every replica of the platform.
ADVISORY_LOCK_ID = 0x434C53  # "CLS"


class Command(BaseCommand):
    help = "Applique les migrations et charge le référentiel territorial (sans concurrence entre réplicas)."

    def handle(self, *args, **options):
        with self._exclusive():
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            call_command("load_territories", if_empty=True, verbosity=options["verbosity"])

    @contextlib.contextmanager
    def _exclusive(self):
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_ID])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])
