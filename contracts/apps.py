"""Contracts, their signatories, axes, objectives, governance and the access rules."""

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contrats"
