"""Action sheets, their milestones, follow-up notes and funding lines."""

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Fiches actions"
