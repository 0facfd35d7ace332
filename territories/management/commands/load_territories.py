"""Load or refresh the administrative referential (régions, départements, EPCI, communes)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from territories.models import Commune
from territories.services import DEFAULT_PATH, referential_load


class Command(BaseCommand):
    help = "Charge ou met à jour les régions, départements, EPCI et communes (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=DEFAULT_PATH, help="référentiel .json.gz à charger"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ne rien faire si des communes sont déjà chargées (démarrage d'un conteneur)",
        )

    def handle(self, *args, path: Path, if_empty: bool, **options):
        if if_empty and Commune.objects.exists():
            self.stdout.write("Référentiel territorial déjà chargé.")
            return
        started = time.perf_counter()
        counts = referential_load(path=path)
        elapsed = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"Référentiel chargé : {counts['regions']} régions, "
                f"{counts['departements']} départements, {counts['epcis']} EPCI, "
                f"{counts['communes']} communes ({elapsed} s)."
            )
        )
