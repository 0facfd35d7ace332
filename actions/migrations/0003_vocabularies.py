"""Load the fixed vocabularies of target groups and health determinants."""

from django.db import migrations

TARGET_GROUPS = [('general_population', 'Tout public'), ('children', 'Enfants'), ('young_people', 'Jeunes (12-25 ans)'), ('parents', 'Parents'), ('older_people', 'Personnes âgées'), ('disabled_people', 'Personnes en situation de handicap'), ('vulnerable_people', 'Personnes en situation de précarité'), ('carers', 'Aidants'), ('professionals', 'Professionnels de santé et du social'), ('elected_officials', 'Élus'), ('workers', 'Actifs, salariés'), ('farmers', 'Exploitants et salariés agricoles')]
DETERMINANTS = [('housing', 'Logement'), ('environment', 'Environnement'), ('education', 'Éducation'), ('social_ties', 'Liens sociaux'), ('work', 'Travail et emploi'), ('income', 'Revenus'), ('transport', 'Mobilité et transports'), ('access_to_care', 'Accès aux soins'), ('behaviours', 'Comportements et modes de vie'), ('nutrition', 'Alimentation')]


def load_vocabularies(apps, schema_editor):
    for model_name, terms in (("TargetGroup", TARGET_GROUPS), ("Determinant", DETERMINANTS)):
        model = apps.get_model("actions", model_name)
        for order, (code, label) in enumerate(terms):
            model.objects.update_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_initial")]

    operations = [migrations.RunPython(load_vocabularies, migrations.RunPython.noop)]
