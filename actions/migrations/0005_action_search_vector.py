"""The French full-text vector of each action sheet, stored, on PostgreSQL only.

Ranking the matches of a search (`ts_rank`) needs each match's vector: computed from the texts
at every search, it took 135 ms for a common word on a région's 7,904 actions. PostgreSQL now
keeps it in a generated column, `search_vector`, kept up to date by the database itself on every
write, and the GIN index of migration 0004 moves onto it. The column is not a model field (SQLite
has no such type): `actions.selectors.action_search` reads it on PostgreSQL only.
"""

import importlib

from django.db import migrations

FORWARD = """
ALTER TABLE actions_action ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('french'::regconfig,
        COALESCE(title, '') || ' ' || COALESCE(description, '') || ' '
        || COALESCE(expected_results, ''))
) STORED;
CREATE INDEX action_search_vector ON actions_action USING gin (search_vector);
DROP INDEX IF EXISTS action_fulltext_french;
"""
BACKWARD = """
ALTER TABLE actions_action DROP COLUMN search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
        # Migration 0004's index on the expression comes back.
        previous = importlib.import_module("actions.migrations.0004_action_search_index")
        previous.create_index(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_action_search_index")]

    operations = [migrations.RunPython(forward, backward)]
