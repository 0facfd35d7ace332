"""The fields of every form (templates/includes/form_fields.html): what a field's
`aria-describedby` names exists on the page, so screen readers read the hint."""

from django import forms
from django.template.loader import render_to_string
from django.test.html import parse_html


class HintedForm(forms.Form):
    codes = forms.CharField(label="Communes", help_text="Codes INSEE séparés par des virgules.")


def test_a_field_s_hint_is_the_element_its_input_is_described_by():
    html = render_to_string("includes/form_fields.html", {"form": HintedForm()})

    assert 'aria-describedby="id_codes_helptext"' in html
    hint = parse_html(
        '<span class="fr-hint-text" id="id_codes_helptext">Codes INSEE séparés par des virgules.</span>'
    )
    assert parse_html(html).count(hint) == 1
