"""The French administrative referential (régions, départements, EPCI, communes) and territories."""

from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = "Territoires"
