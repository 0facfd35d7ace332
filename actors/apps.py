"""Organisations, people, user accounts and their memberships."""

from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = "Acteurs"

    def ready(self):
        from actors import security  # noqa: F401  (counts failed logins per address)
