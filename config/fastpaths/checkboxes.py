"""The boxes of a multiple-choice field, written in Python (device `checkbox_choices`): a
meeting's form lists every person, organisation and action of its contract, and rendering each
box through the template engine (its input, then its label and DSFR wrappers) cost several
times as long. The HTML is `templates/includes/_checkbox_choices.html`'s."""

from django.utils.safestring import mark_safe

from config.fastpaths.form_renderer import input_html
from config.fastpaths.html import escaped


def checkboxes_html(field) -> str:
    """Each choice of `field` (a bound `CheckboxSelectMultiple`) as a DSFR fieldset element."""
    elements = []
    for choice in field.subwidgets:
        box = input_html(choice.data)  # as `{{ choice.tag }}` writes it
        label = (
            f'<label class="fr-label" for="{escaped(choice.id_for_label)}">'
            f"{escaped(choice.choice_label)}</label>"
        )
        elements.append(
            f'<div class="fr-fieldset__element"><div class="fr-checkbox-group">{box}{label}'
            "</div></div>"
        )
    return mark_safe("".join(elements))  # every value escaped above or by `input_html`
