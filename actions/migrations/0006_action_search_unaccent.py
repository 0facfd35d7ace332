"""Accent-insensitive French search on PostgreSQL: « hopital » finds « hôpital ».

The `french` configuration stems words but keeps their accents: « sante » found « santé » only
because both stem to « sant », while « education » missed « éducation » (« educ » against
« éduc »). `french_unaccent` is `french` with the `unaccent` dictionary before the stemmer, for
the words that hold letters other than ASCII. The index of 0004 and the vectors of 0005 move to
it, so that texts and queries are read alike (`actions.selectors.SEARCH_CONFIG`).

SQLite is left as it is: its search folds the texts with a function of its own.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

FIELDS = ("title", "description", "expected_results")
OLD_INDEX = GinIndex(SearchVector(*FIELDS, config="french"), name="action_fulltext_french")
NEW_INDEX = GinIndex(
    SearchVector(*FIELDS, config="french_unaccent"), name="action_fulltext_french_unaccent"
)

CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
"""

# 0005's trigger function and its refresh of every vector, with `config` for `french`.
VECTOR = (
    "to_tsvector('{config}'::regconfig, COALESCE({row}.title, '') || ' ' || "
    "COALESCE({row}.description, '') || ' ' || COALESCE({row}.expected_results, ''))"
)
KEEP_VECTORS = """
CREATE OR REPLACE FUNCTION actions_search_document_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM actions_actionsearchdocument WHERE action_id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO actions_actionsearchdocument (action_id, vector)
    VALUES (NEW.id, {new_vector})
    ON CONFLICT (action_id) DO UPDATE SET vector = EXCLUDED.vector;
    RETURN NEW;
END
$$;

UPDATE actions_actionsearchdocument d SET vector = {vector}
FROM actions_action a WHERE a.id = d.action_id;
"""


def _keep_vectors(schema_editor, config: str):
    schema_editor.execute(
        KEEP_VECTORS.format(
            new_vector=VECTOR.format(config=config, row="NEW"),
            vector=VECTOR.format(config=config, row="a"),
        )
    )


def unaccent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    action = apps.get_model("actions", "Action")
    schema_editor.execute(CONFIGURATION)
    schema_editor.remove_index(action, OLD_INDEX)
    schema_editor.add_index(action, NEW_INDEX)
    _keep_vectors(schema_editor, "french_unaccent")


def accent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    action = apps.get_model("actions", "Action")
    schema_editor.remove_index(action, NEW_INDEX)
    schema_editor.add_index(action, OLD_INDEX)
    _keep_vectors(schema_editor, "french")
    # The extension stays: other objects of the database may use it.
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION french_unaccent")


class Migration(migrations.Migration):
    dependencies = [("actions", "0005_action_search_document")]

    operations = [migrations.RunPython(unaccent, accent)]
