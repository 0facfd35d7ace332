"""The pages that read across every other app: the dashboard, the contract list, the territory
pages and a contract's history."""

from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = "Portefeuille"
