"""`python manage.py bench [--runs 20]`: the performance figures of DESIGN.md §7, one per line.

Run it on the national-scale dataset (`make bench` builds it on PostgreSQL); see bench/figures.py
for what each figure measures and docs/performance.md for the targets.
"""

from django.core.management.base import BaseCommand, CommandError

from bench.dataset import dataset_exists
from bench.figures import FIGURES, bench_run


class Command(BaseCommand):
    help = "Mesure les chiffres de performance (DESIGN.md §7) sur le jeu de données national."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=20, help="Nombre de mesures par chiffre (médiane, p95)."
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=30,
            help="Durée du test de charge contre gunicorn (0 : ne pas le faire).",
        )
        parser.add_argument(
            "--batch-sample",
            type=int,
            default=40,
            help="Contrats de l'échantillon du lot nocturne (0 : ne pas le mesurer).",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=FIGURES,
            default=FIGURES,
            help="Ne mesurer que ces chiffres (le test de charge et le lot suivent leurs options).",
        )

    def handle(self, *args, runs, load_seconds, batch_sample, only, **options):
        if not dataset_exists():
            raise CommandError("Aucun jeu synthétique : lancez d'abord generate_dataset.")
        bench_run(
            runs=runs,
            log=self.stdout.write,
            load_seconds=load_seconds,
            batch_sample=batch_sample,
            only=tuple(only),
        )
