"""The notifications moved down from `reports` to `actors`: their table is renamed with its
rows, whatever was waiting to be sent still waits."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from actors.models import Notification

BEFORE = [
    ("reports", "0004_report_claims_and_pending_notifications"),
    ("actors", "0002_api_tokens"),
]


@pytest.mark.django_db(transaction=True)
def test_notifications_keep_their_rows_when_they_move_to_actors():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("actors", "User").objects.create(email="agent@ars.example")
    old.get_model("reports", "Notification").objects.create(
        user=user, key="report:1", subject="Bilan annuel disponible", body="Texte"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Notification.objects.get()
    assert (moved.user_id, moved.key, moved.subject) == (
        user.pk,
        "report:1",
        "Bilan annuel disponible",
    )
    assert moved.sent_at is None  # still waiting for the sweep
