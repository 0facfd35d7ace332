"""Snapshots of version 1 name three keys of a fiche action as version 2 does not: the
documents made from them (a failed one asked again, a stale one restarted) keep their data.

Each action of `axes[].actions[]` takes its version 2 keys; the content hash stays the one the
document was made with, so that new requests, hashed as version 2, make new documents.
"""

from django.db import migrations

RENAMED = {
    "lead": "lead_organisation",
    "participation": "citizen_participation",
    "communes": "intervention_communes",
}


def upgrade(snapshot: dict) -> dict:
    for axis in snapshot.get("axes", []):
        axis["actions"] = [
            {RENAMED.get(key, key): value for key, value in action.items()}
            for action in axis.get("actions", [])
        ]
    return {**snapshot, "version": 2}


def snapshots_to_version_2(apps, schema_editor):
    report_model = apps.get_model("reports", "EvaluationReport")
    for report in report_model.objects.filter(snapshot__version=1).only("pk", "snapshot"):
        report.snapshot = upgrade(report.snapshot)
        report.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_report_trigger_and_notifications")]

    operations = [migrations.RunPython(snapshots_to_version_2, migrations.RunPython.noop)]
