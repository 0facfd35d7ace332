"""Each action's French full-text vector, stored in a table of its own to rank the search.

The search of migration 0004 finds its matches through an index on an expression, but ranking
them recomputed every match's vector: 46–49 ms for « santé » over an ARS agent's 7,904 actions
(1,643 matches). Ranking stored vectors instead takes half of that. Stored in a column of the
actions, the vectors widened their table by half and made PostgreSQL sort a région's actions
for the API's busiest list instead of walking an index:
so they get a table of their own. Matching still goes through 0004's index, on the actions:
PostgreSQL then narrows to the user's contracts first, and ranks only what is left.

On PostgreSQL, a trigger writes the vector whenever an action is created or its texts change,
and removes it with the action; the existing actions are indexed here. SQLite keeps the empty
table: its search looks in the texts.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# The very expression of `actions.selectors.ACTION_SEARCH_VECTOR` and of 0004's index: the
# stored vector ranks as the expression did.
VECTOR = (
    "to_tsvector('french'::regconfig, COALESCE({row}.title, '') || ' ' || "
    "COALESCE({row}.description, '') || ' ' || COALESCE({row}.expected_results, ''))"
)

FORWARD = f"""
CREATE FUNCTION actions_search_document_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM actions_actionsearchdocument WHERE action_id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO actions_actionsearchdocument (action_id, vector)
    VALUES (NEW.id, {VECTOR.format(row="NEW")})
    ON CONFLICT (action_id) DO UPDATE SET vector = EXCLUDED.vector;
    RETURN NEW;
END
$$;

CREATE TRIGGER actions_search_document_written
AFTER INSERT OR UPDATE OF title, description, expected_results ON actions_action
FOR EACH ROW EXECUTE FUNCTION actions_search_document_keep();

CREATE TRIGGER actions_search_document_deleted
AFTER DELETE ON actions_action
FOR EACH ROW EXECUTE FUNCTION actions_search_document_keep();

INSERT INTO actions_actionsearchdocument (action_id, vector)
SELECT a.id, {VECTOR.format(row="a")} FROM actions_action a;
"""

BACKWARD = f"""
DROP TRIGGER IF EXISTS actions_search_document_written ON actions_action;
DROP TRIGGER IF EXISTS actions_search_document_deleted ON actions_action;
DROP FUNCTION IF EXISTS actions_search_document_keep();
"""


def keep_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_action_search_index")]

    operations = [
        migrations.CreateModel(
            name="ActionSearchDocument",
            fields=[
                (
                    "action",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="actions.action",
                        verbose_name="fiche action",
                    ),
                ),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        verbose_name="vecteur de recherche"
                    ),
                ),
            ],
            options={
                "verbose_name": "index de recherche d'une fiche action",
                "verbose_name_plural": "index de recherche des fiches actions",
            },
        ),
        migrations.RunPython(keep_vectors, drop_vectors),
    ]
