"""A GIN index for the French full-text search of action sheets, on PostgreSQL only.

The index is on the same expression as `actions.selectors.ACTION_SEARCH_VECTOR`, so that
searches use it. SQLite has no such index: it searches with LIKE.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title", "description", "expected_results", config="french"),
    name="action_fulltext_french",
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("actions", "Action"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("actions", "Action"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_vocabularies")]

    operations = [migrations.RunPython(create_index, drop_index)]
