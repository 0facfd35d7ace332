"""The boxes of a multiple-choice field, as DSFR fieldset elements."""

from django import template
from django.template.loader import render_to_string

from config import fastpaths
from config.fastpaths.checkboxes import checkboxes_html

register = template.Library()


@register.simple_tag
def checkbox_choices(field) -> str:
    """Each choice of `field` (a `CheckboxSelectMultiple`): its box and its label."""
    if fastpaths.enabled("checkbox_choices"):
        return checkboxes_html(field)
    return render_to_string("includes/_checkbox_choices.html", {"field": field})
