"""`python manage.py backup [--destination DIR]`: save the database and the files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés ou générés."

    def add_arguments(self, parser):
        parser.add_argument(
            "--destination", default=str(Path(settings.BASE_DIR) / "var" / "backups")
        )

    def handle(self, *args, destination, **options):
        try:
            folder = backup_create(destination=Path(destination))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite dans {folder}")
