"""`python manage.py restore FOLDER`: replace the database and the files with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde (base de données et fichiers) : les données actuelles sont remplacées."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Dossier de sauvegarde créé par la commande backup.")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args, folder, yes, **options):
        if (
            not yes
            and input("Les données actuelles seront remplacées. Continuer ? [oui/non] ")
            .strip()
            .lower()
            != "oui"
        ):
            raise CommandError("Restauration annulée.")
        try:
            backup_restore(source=Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde {folder} restaurée.")
