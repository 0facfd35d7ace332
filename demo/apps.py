"""The demo: real CLS, fictional people."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Démonstration"
