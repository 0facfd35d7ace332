"""Generate synthetic national-scale data for benchmarks (`make bench`).

    python manage.py generate_dataset                 # 1,000 contracts, 50,000 actions…
    python manage.py generate_dataset --reset --seed 7 --contracts 100 --actions 5000
    python manage.py generate_dataset --delete        # remove the synthetic data only

The data are marked as synthetic (see `bench.dataset`) and never mix with the demo's or real ones.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.dataset import (
    DEFAULT_SIZE,
    DEFAULT_USERS,
    DatasetSize,
    dataset_exists,
    dataset_generate,
    dataset_reset,
)

# The kinds of rows the final summary lists, in this order.
SUMMARY = (
    "contrats",
    "territoires",
    "organisations",
    "utilisateurs",
    "axes",
    "objectifs",
    "fiches actions",
    "lignes de financement",
    "indicateurs",
    "valeurs d'indicateurs",
)


def french_number(number: int) -> str:
    """`200000` → `200 000`, as French readers expect."""
    return f"{number:,}".replace(",", " ")


def french_seconds(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def non_negative(text: str) -> int:
    number = int(text)
    if number < 0:
        raise ValueError(text)
    return number


class Command(BaseCommand):
    help = (
        "Génère un jeu de données synthétique à l'échelle nationale pour les mesures de "
        "performance (contrats, fiches actions, indicateurs, valeurs, utilisateurs)."
    )

    def add_arguments(self, parser):
        for name, default, label in (
            ("contracts", DEFAULT_SIZE["contracts"], "contrats"),
            ("actions", DEFAULT_SIZE["actions"], "fiches actions"),
            ("indicators", DEFAULT_SIZE["indicators"], "indicateurs"),
            ("values", DEFAULT_SIZE["values"], "valeurs d'indicateurs"),
            ("users", DEFAULT_USERS, "utilisateurs"),
        ):
            parser.add_argument(
                f"--{name}",
                type=non_negative,
                default=default,
                help=f"nombre de {label} (défaut : {default})",
            )
        parser.add_argument(
            "--seed", type=int, default=0, help="graine du tirage : même graine, mêmes données"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="supprime d'abord un jeu synthétique existant",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="supprime le jeu synthétique sans en générer de nouveau",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["reset"] or options["delete"]:
            self.stdout.write("Suppression des données synthétiques existantes…")
            deleted = dataset_reset()
            self.stdout.write(
                f"  {french_number(sum(deleted.values()))} lignes supprimées "
                f"({french_seconds(time.perf_counter() - started)} s)."
            )
            if options["delete"]:
                return
            started = time.perf_counter()
        elif dataset_exists():
            raise CommandError(
                "Des données synthétiques existent déjà : relancez avec --reset pour les remplacer."
            )
        size = DatasetSize(
            contracts=options["contracts"],
            actions=options["actions"],
            indicators=options["indicators"],
            values=options["values"],
            users=options["users"],
        )
        self.stdout.write(
            f"Génération (graine {options['seed']}) : {french_number(size.contracts)} contrats, "
            f"{french_number(size.actions)} fiches actions, "
            f"{french_number(size.indicators)} indicateurs, "
            f"{french_number(size.values)} valeurs, {french_number(size.users)} utilisateurs…"
        )
        try:
            counts = dataset_generate(size=size, seed=options["seed"], log=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Fresh planner statistics, so that the first benchmark does not measure stale plans.
        # PostgreSQL also vacuums: until the visibility map knows the new rows, counts cannot
        # be answered from an index alone (the values API took 17 ms instead of 7 on a dataset
        # just generated). VACUUM cannot run inside a transaction, as tests do.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        elapsed = french_seconds(time.perf_counter() - started)
        listed = ", ".join(f"{french_number(counts.get(label, 0))} {label}" for label in SUMMARY)
        self.stdout.write(
            self.style.SUCCESS(f"Jeu de données synthétique généré en {elapsed} s : {listed}.")
        )
