"""Notifications move down to `actors`, the lowest app that knows accounts, so that every app
(invitations, hand-overs, password resets) sends its e-mails through them: the table is renamed,
its rows kept; `actors.0003` declares the model there."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_report_claims_and_pending_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="notification", table="actors_notification"),
            ],
            state_operations=[
                migrations.DeleteModel(name="notification"),
            ],
        ),
    ]
