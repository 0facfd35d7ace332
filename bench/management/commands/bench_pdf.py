"""Time the making of PDF documents against WeasyPrint's own time for the same HTML.

    python manage.py bench_pdf [--contract ID] [--runs 5] [--kinds summary action_book]

For the largest contract (most actions) by default, each document is made the way a worker
makes it (snapshot, hash, row, HTML, PDF, storage) inside a transaction rolled back at the end;
then the same HTML is given to WeasyPrint alone (the floor). The ratio is the platform's
overhead. Medians of a few runs.
"""

import functools
import io
import statistics
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from pypdf import PdfReader

from actors.models import User
from contracts.models import Contract
from reports import services
from reports.enums import ReportKind
from reports.models import EvaluationReport
from reports.rendering import document_html, pdf_from_html
from reports.snapshots import snapshot_build, snapshot_hash


class Rollback(Exception):
    pass


def median_seconds(function, runs: int) -> tuple[float, object]:
    """The median time of `runs` calls, after one call to warm caches up (fonts, templates)."""
    result = function()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), result


class Command(BaseCommand):
    help = "Mesure le temps de production des PDF face au temps propre de WeasyPrint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--contract", type=int, help="Identifiant du contrat (par défaut : le plus grand)."
        )
        parser.add_argument("--runs", type=int, default=5, help="Nombre de mesures (médiane).")
        parser.add_argument(
            "--kinds",
            nargs="+",
            default=[ReportKind.SUMMARY, ReportKind.ACTION_BOOK],
            choices=[kind for kind in ReportKind.values if kind != ReportKind.ANNUAL_REVIEW],
        )

    def handle(self, *args, contract=None, runs, kinds, **options):
        contracts = Contract.objects.annotate(size=Count("actions")).order_by("-size", "pk")
        contract = contracts.filter(pk=contract).first() if contract else contracts.first()
        if contract is None:
            raise CommandError("Aucun contrat : chargez la démonstration (make demo) d'abord.")
        # An administrator sees everything, confidential actions included: the largest document.
        user = User.objects.filter(is_superuser=True, is_active=True).first() or User(
            is_superuser=True
        )
        self.stdout.write(
            f"Contrat : {contract.title} ({contract.size} fiches actions), {runs} mesures"
        )
        self.stdout.write(
            f"{'document':<14}{'pages':>6}{'plateforme':>12}{'WeasyPrint':>12}{'surcoût':>9}"
        )
        for kind in kinds:
            total, (report, pdf) = median_seconds(
                functools.partial(self.make, contract, kind, user), runs
            )
            html = document_html(
                snapshot=report.snapshot, title=report.title, data_as_of=report.data_as_of
            )
            floor, _ = median_seconds(functools.partial(pdf_from_html, html), runs)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            self.stdout.write(
                f"{kind:<14}{pages:>6}{total:>11.3f}s{floor:>11.3f}s{total / floor:>8.2f}×"
            )

    def make(self, contract, kind, user):
        """One document, start to finish, as `report_request` and the worker make it; undone.

        The row is written without its hash so that an existing document of the same data
        is never reused (nor touched): the hash is still computed, as a request computes it.
        """
        result = {}
        try:
            with transaction.atomic():
                snapshot = snapshot_build(contract=contract, kind=kind, include_confidential=True)
                snapshot_hash(snapshot)
                report = EvaluationReport.objects.create(
                    contract=contract,
                    kind=kind,
                    snapshot=snapshot,
                    includes_confidential=True,
                    data_as_of=timezone.now(),
                    requested_by=user if user.pk else None,
                )
                report = services.report_render(report_id=report.pk)
                with default_storage.open(report.file.name, "rb") as file:
                    result["pdf"] = file.read()
                default_storage.delete(report.file.name)
                result["report"] = report
                raise Rollback
        except Rollback:
            pass
        return result["report"], result["pdf"]
