"""Contracts, their signatories, axes, objectives, governance and the access rules."""

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contrats"

    def ready(self):
        from contracts import tombstones  # models are ready only now

        tombstones.connect()
