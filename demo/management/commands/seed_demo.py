"""Create or refresh the demo data: the five real CLS, fictional people, the demo accounts."""

import time

from django.core.management.base import BaseCommand, CommandError

from demo.content import ACCOUNTS, DEMO_PASSWORD
from demo.seed import DemoDisabled, demo_counts, demo_seed
from territories.models import Commune
from territories.services import referential_load

LABELS = {
    "contracts": "contrats",
    "territories": "territoires",
    "communes": "communes couvertes",
    "organisations": "organisations",
    "people": "personnes",
    "users": "comptes",
    "memberships": "appartenances",
    "signatories": "signataires et partenaires",
    "coordinator_assignments": "coordinations",
    "findings": "constats de diagnostic",
    "axes": "axes",
    "objectives": "objectifs",
    "actions": "fiches actions",
    "milestones": "étapes",
    "action_updates": "notes de suivi",
    "funding_lines": "lignes de financement",
    "governance_bodies": "instances",
    "meetings": "réunions",
    "amendments": "avenants",
    "indicator_definitions": "définitions d'indicateurs",
    "indicators": "indicateurs",
    "indicator_values": "valeurs d'indicateurs",
}


class Command(BaseCommand):
    help = "Crée ou met à jour les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        if not Commune.objects.exists():
            self.stdout.write("Référentiel territorial absent : chargement des communes…")
            referential_load()
        before = demo_counts()
        try:
            counts = demo_seed()
        except DemoDisabled as error:
            raise CommandError(
                "Données de démonstration désactivées (DEMO_ENABLED=false) : rien n'a été créé."
            ) from error
        added = sum(counts[key] - before[key] for key in counts)
        elapsed = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration prêtes ({elapsed} s) : {added} lignes ajoutées."
            )
        )
        for key, label in LABELS.items():
            self.stdout.write(f"  {label} : {counts[key]}")
        self.stdout.write(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account['email']} — {account['role']}")
