"""Load the fixed vocabulary of health themes."""

from django.db import migrations

THEMES = [('prevention', 'Prévention et promotion de la santé'), ('access_to_care', 'Accès aux soins'), ('medico_social', 'Parcours médico-sociaux'), ('health_environment', 'Santé-environnement'), ('mental_health', 'Santé mentale'), ('coordination', 'Coordination et animation')]


def load_themes(apps, schema_editor):
    Theme = apps.get_model("contracts", "Theme")
    for order, (code, label) in enumerate(THEMES):
        Theme.objects.update_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]
