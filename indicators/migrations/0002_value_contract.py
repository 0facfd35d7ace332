"""Each value carries its indicator's contract (IndicatorValue.contract, docs/performance.md).

On PostgreSQL, a foreign key on (indicator, contract) to the indicator's (id, contract) keeps
the copy equal to the original, and carries a change of the indicator's contract over to its
values (ON UPDATE CASCADE).
"""

import django.db.models.deletion
from django.db import migrations, models

VALUES = "indicators_indicatorvalue"
HISTORY = "indicators_historicalindicatorvalue"
INDICATORS = "indicators_indicator"


def copy_contracts(apps, schema_editor):
    for table in (VALUES, HISTORY):
        schema_editor.execute(
            f"UPDATE {table} SET contract_id = (SELECT i.contract_id FROM {INDICATORS} i "
            f"WHERE i.id = {table}.indicator_id)"
        )


def add_composite_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # elsewhere IndicatorValue.save() alone keeps the copy
    schema_editor.execute(
        f"ALTER TABLE {INDICATORS} ADD CONSTRAINT indicator_id_contract_key "
        "UNIQUE (id, contract_id)"
    )
    schema_editor.execute(
        f"ALTER TABLE {VALUES} ADD CONSTRAINT value_indicator_contract_fk "
        f"FOREIGN KEY (indicator_id, contract_id) REFERENCES {INDICATORS} (id, contract_id) "
        "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED"
    )


def drop_composite_key(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {VALUES} DROP CONSTRAINT value_indicator_contract_fk")
    schema_editor.execute(f"ALTER TABLE {INDICATORS} DROP CONSTRAINT indicator_id_contract_key")


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0004_sync_dates_and_tombstones"),
        ("indicators", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalindicatorvalue",
            name="contract",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="contracts.contract",
                verbose_name="contrat",
            ),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="contract",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contracts.contract",
                verbose_name="contrat",
            ),
        ),
        migrations.RunPython(copy_contracts, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="contract",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contracts.contract",
                verbose_name="contrat",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                fields=["contract", "updated_at", "id"], name="value_contract_changes"
            ),
        ),
        migrations.RunPython(add_composite_key, drop_composite_key),
    ]
