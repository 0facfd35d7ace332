"""Action sheets, their milestones, follow-up notes and funding lines."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Fiches actions"

    def ready(self):
        from actions.selectors import register_sqlite_fold  # the models are ready only now

        connection_created.connect(register_sqlite_fold, dispatch_uid="actions_sqlite_fold")
