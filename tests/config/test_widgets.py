"""The long drop-down lists write the very HTML Django's own widgets write, faster."""

import pytest
from django import forms
from django.test.html import parse_html

from config.widgets import LongSelect, LongSelectMultiple
from tests.actors.factories import OrganisationFactory

CHOICES = [
    ("", "Aucune"),
    (1, 'Maison de santé "Les <Tilleuls>" & Cie'),
    ("Bretagne", [(2, "Vannes"), (3, "Lorient")]),
    (4, "L'Île-d'Yeu"),
]


@pytest.mark.parametrize(
    ("long_widget", "django_widget", "value"),
    [
        (LongSelect, forms.Select, 3),
        (LongSelect, forms.Select, None),
        (LongSelectMultiple, forms.SelectMultiple, [1, 4]),
    ],
)
def test_long_lists_render_as_django_does(long_widget, django_widget, value):
    attrs = {"id": "id_partenaires", "class": "fr-select", "aria-describedby": "aide"}

    ours = long_widget(attrs={"size": 8}, choices=CHOICES).render("partenaires", value, attrs)
    theirs = django_widget(attrs={"size": 8}, choices=CHOICES).render("partenaires", value, attrs)

    assert parse_html(ours) == parse_html(theirs)
    assert "&lt;Tilleuls&gt;" in ours and "<Tilleuls>" not in ours


def test_a_model_choice_field_keeps_its_choices_and_validation(db):
    chosen, other = OrganisationFactory(name="CPAM du Morbihan"), OrganisationFactory()

    class Form(forms.Form):
        organisation = forms.ModelChoiceField(
            queryset=type(chosen).objects.filter(pk=chosen.pk), widget=LongSelect
        )

    html = str(Form(initial={"organisation": chosen})["organisation"])
    assert f'<option value="{chosen.pk}" selected>CPAM du Morbihan</option>' in html
    assert not Form({"organisation": other.pk}).is_valid()
