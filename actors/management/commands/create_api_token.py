"""`create_api_token EMAIL --scope read --scope values:write`: print a new API key for scripts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actors.enums import TokenScope
from actors.models import User
from actors.services import api_token_create


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un compte et affiche sa clé (elle ne sera plus affichée)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Adresse électronique du compte titulaire.")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=TokenScope.values,
            help="Droit du jeton, répétable (par défaut : read).",
        )
        parser.add_argument("--name", default="Jeton créé en ligne de commande")

    def handle(self, *args, email, scopes, name, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour « {email} ».")
        try:
            _, key = api_token_create(user=user, name=name, scopes=scopes or [TokenScope.READ])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        # The key alone on stdout, so that scripts can capture it.
        self.stdout.write(key)
