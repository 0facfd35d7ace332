"""The notifications, moved here from `reports` (whose migration 0005 renamed their table,
rows included: only the model's declaration moves); invitations; the choice of the weekly
digest."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0002_api_tokens"),
        ("reports", "0005_notification_moved_to_actors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=100, verbose_name="objet")),
                        ("subject", models.CharField(max_length=255, verbose_name="sujet")),
                        ("body", models.TextField(blank=True, verbose_name="texte")),
                        ("html_body", models.TextField(blank=True, verbose_name="texte mis en forme")),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="préparé le")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="envoyé le")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="tentatives d'envoi")),
                        ("last_error", models.TextField(blank=True, verbose_name="dernière erreur d'envoi")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="destinataire")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at"],
                        "constraints": [models.UniqueConstraint(fields=("user", "key"), name="unique_notification_per_user")],
                    },
                ),
            ],
        ),
    ]
