"""Documents made before the snapshot's version 2 keep their data (migration 0003)."""

import importlib

migration = importlib.import_module("reports.migrations.0003_snapshot_version_2")


def test_a_version_1_fiche_takes_its_version_2_keys():
    old = {
        "version": 1,
        "kind": "action_book",
        "axes": [
            {
                "number": 1,
                "actions": [
                    {
                        "number": "1.1",
                        "lead": "CC de Belle-Île-en-Mer",
                        "participation": "Consultation",
                        "communes": ["Le Palais"],
                    }
                ],
            }
        ],
    }

    new = migration.upgrade(old)

    assert new["version"] == 2
    assert new["axes"][0]["actions"] == [
        {
            "number": "1.1",
            "lead_organisation": "CC de Belle-Île-en-Mer",
            "citizen_participation": "Consultation",
            "intervention_communes": ["Le Palais"],
        }
    ]


def test_a_snapshot_without_axes_only_changes_version():
    assert migration.upgrade({"version": 1, "kind": "summary"}) == {"version": 2, "kind": "summary"}
