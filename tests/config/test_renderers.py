"""Drop-down lists and inputs are written in Python, as Django's templates write them."""

import datetime
import re

import pytest
from django import forms
from django.contrib import admin
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorList
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import reverse
from django.utils.safestring import mark_safe

from actions.models import Action
from config.fastpaths.form_renderer import (
    ERROR_LIST_TEMPLATES,
    INPUT_TEMPLATES,
    OPTION_TEMPLATE,
    SELECT_TEMPLATE,
    FormRenderer,
)
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, UserFactory

CHOICES = [
    ("", "Aucune"),
    (1, 'Maison de santé "Les <Tilleuls>" & Cie'),
    ("Bretagne", [(2, "Vannes"), (3, "Lorient")]),
    (4, "L'Île-d'Yeu"),
    (5, mark_safe("<abbr>CPAM</abbr> du Morbihan")),
]
ATTRS = {"id": "id_partenaires", "class": "fr-select", "aria-describedby": "aide"}


class PythonOnly(FormRenderer):
    """Fails if anything goes through the template engine."""

    def get_template(self, template_name):
        raise AssertionError(f"{template_name} rendu par le moteur de gabarits")


def both_renderings(widget, value, attrs=ATTRS):
    ours = widget.render("partenaires", value, attrs, renderer=PythonOnly())
    theirs = widget.render("partenaires", value, attrs, renderer=DjangoTemplates())
    return ours, theirs


def test_the_platform_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_the_templates_it_writes_are_still_django_s():
    """A new Django may change them: then the writers must be checked again."""
    engine = DjangoTemplates().engine

    def source(name):
        return engine.get_template(name).template.source.strip()

    assert source(SELECT_TEMPLATE).startswith(
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
    )
    assert source(OPTION_TEMPLATE) == (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>'
    )
    assert source("django/forms/widgets/input.html") == (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>'
    )
    assert source("django/forms/widgets/attrs.html") == (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
        "{% endfor %}"
    )
    for name in INPUT_TEMPLATES:
        assert source(name) == '{% include "django/forms/widgets/input.html" %}'
    assert source("django/forms/errors/list/default.html") == (
        '{% include "django/forms/errors/list/ul.html" %}'
    )
    assert source("django/forms/errors/list/ul.html").startswith("{% if errors %}")
    assert source("django/forms/errors/list/ul.html").endswith("{% endif %}")
    assert {
        "django/forms/errors/list/default.html",
        "django/forms/errors/list/ul.html",
    } == ERROR_LIST_TEMPLATES


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(attrs={"size": 8, "required": True, "disabled": False}), 3),
        (forms.Select(), None),
        (forms.SelectMultiple(attrs={"size": 8}), [1, 4]),
        (forms.NullBooleanSelect(), True),
        (forms.TextInput(attrs={"maxlength": 100, "required": True}), 'Le "Bon" <Coin> & Cie'),
        (forms.TextInput(), None),
        (forms.TextInput(), ""),
        (forms.NumberInput(attrs={"step": "0.01", "disabled": False}), 12.5),
        (forms.EmailInput(), "camille.martin@ars.sante.fr"),
        (forms.HiddenInput(), 42),
        (forms.DateInput(format="%d/%m/%Y"), datetime.date(2026, 11, 23)),
        (forms.CheckboxInput(), True),
        (forms.CheckboxInput(), False),
        (forms.PasswordInput(), "secret"),
        (forms.FileInput(), None),
    ],
)
def test_widgets_are_written_as_django_s_templates_write_them(widget, value):
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.NullBooleanSelect):
        widget.choices = CHOICES

    ours, theirs = both_renderings(widget, value)

    assert parse_html(ours) == parse_html(theirs)


def test_labels_and_values_are_escaped_unless_already_safe():
    ours, _ = both_renderings(forms.Select(choices=CHOICES), 1)

    assert "&lt;Tilleuls&gt;" in ours and "<Tilleuls>" not in ours
    assert "<abbr>CPAM</abbr> du Morbihan" in ours
    assert '<option value="1" selected>' in ours
    text, _ = both_renderings(forms.TextInput(), '"><script>')
    assert 'value="&quot;&gt;&lt;script&gt;"' in text


def test_an_empty_error_list_writes_nothing_and_a_full_one_its_template():
    empty, full = ErrorList(), ErrorList(["Ce champ est obligatoire."], field_id="id_titre")

    assert str(empty.as_ul()) == ""
    assert empty.render(renderer=PythonOnly()) == ""
    assert full.render(renderer=FormRenderer()) == full.render(renderer=DjangoTemplates())
    assert "<li>Ce champ est obligatoire.</li>" in full.render(renderer=FormRenderer())
    with pytest.raises(AssertionError, match="rendu par le moteur"):
        full.render(renderer=PythonOnly())


def test_options_with_their_own_template_go_through_the_template_engine():
    class Colours(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Colours(choices=[("r", "Rouge")])
    ours = widget.render("couleur", "r", renderer=FormRenderer())

    assert ours == widget.render("couleur", "r", renderer=DjangoTemplates())
    with pytest.raises(AssertionError, match="rendu par le moteur"):
        widget.render("couleur", "r", renderer=PythonOnly())


def test_a_model_choice_field_keeps_its_choices_and_validation(db):
    chosen, other = OrganisationFactory(name="CPAM du Morbihan"), OrganisationFactory()

    class Form(forms.Form):
        organisation = forms.ModelChoiceField(queryset=type(chosen).objects.filter(pk=chosen.pk))

    html = str(Form(initial={"organisation": chosen})["organisation"])
    assert f'<option value="{chosen.pk}" selected>CPAM du Morbihan</option>' in html
    assert not Form({"organisation": other.pk}).is_valid()


@pytest.mark.django_db
def test_an_admin_change_page_is_the_same_with_either_renderer(monkeypatch):
    """Autocomplete lists, horizontal filters, inputs and the forms of inlines included."""
    action = ActionFactory()
    request = RequestFactory().get(reverse("admin:actions_action_change", args=[action.pk]))
    request.user = UserFactory(national_admin=True)
    model_admin = admin.site._registry[Action]

    def page(renderer):
        for module in ("forms", "formsets", "widgets"):
            monkeypatch.setattr(f"django.forms.{module}.get_default_renderer", lambda: renderer)
        html = model_admin.change_view(request, str(action.pk)).render().content.decode()
        assert html.count("<select") >= 10 and html.count("<input") >= 20
        # The form's token is masked anew on every page.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert parse_html(page(FormRenderer())) == parse_html(page(DjangoTemplates()))
