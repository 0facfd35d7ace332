"""The boxes of a multiple-choice field read as the template loop over `choice.tag` wrote them."""

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

# What templates/includes/form_fields.html wrote for each box before `checkbox_choices`.
TEMPLATE_LOOP = Template(
    "{% for choice in field %}"
    '<div class="fr-fieldset__element"><div class="fr-checkbox-group">{{ choice.tag }}'
    '<label class="fr-label" for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>'
    "</div></div>{% endfor %}"
)
TAG = Template("{% load choices %}{% checkbox_choices field %}")


class MeetingForm(forms.Form):
    attendees = forms.MultipleChoiceField(
        label="Présents",
        choices=[(1, 'Anne "Nanou" Le Gall'), (2, "Jo <Mairie> & Co"), (3, "Yann Kerjean")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez les présents.",
    )
    actions = forms.MultipleChoiceField(
        label="Fiches", choices=[("1.1", "Fiche 1.1")], widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, {"attendees": [2, 3]}),  # an edit form
        ({"attendees": ["9"]}, None),  # refused: the errors mark the boxes
    ],
)
def test_the_boxes_are_those_of_django_s_own_rendering(data, initial):
    form = MeetingForm(data, initial=initial)
    form.fields["actions"].disabled = True
    if data:
        form.is_valid()

    for name in ("attendees", "actions"):
        context = Context({"field": form[name]})
        ours = TAG.render(context)
        assert parse_html(ours) == parse_html(TEMPLATE_LOOP.render(context))
    attendees = TAG.render(Context({"field": form["attendees"]}))
    assert "Jo &lt;Mairie&gt; &amp; Co" in attendees
    assert attendees.count("checked") == (2 if initial else 0)
