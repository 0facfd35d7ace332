"""Action sheets, their milestones, follow-up notes and funding lines."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from simple_history.signals import pre_create_historical_record


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Fiches actions"

    def ready(self):
        # The models are ready only now.
        from actions.models import Action
        from actions.selectors import register_sqlite_fold
        from actions.services import keep_list_changes

        connection_created.connect(register_sqlite_fold, dispatch_uid="actions_sqlite_fold")
        pre_create_historical_record.connect(
            keep_list_changes, sender=Action.history.model, dispatch_uid="actions_list_changes"
        )
