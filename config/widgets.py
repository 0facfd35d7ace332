"""Drop-down lists long enough for their rendering to matter.

Django renders each `<option>` through the template engine, about 0.2 ms apiece: a list of
the 5,000 people or 1,100 organisations of a national platform took seconds. These widgets
write the same HTML in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from config.html import escaped


class LongChoicesMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                html.append(format_html('<optgroup label="{}">', group_name))
            html.extend(
                f'<option value="{escaped(_text(option["value"]))}"'
                f"{flatatt(option['attrs']) if option['attrs'] else ''}>"
                f"{escaped(option['label'])}</option>"
                for option in options
            )
            if group_name:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("".join(html))  # every value and label escaped above


def _text(value) -> str:
    return "" if value is None else str(value)


class LongSelect(LongChoicesMixin, forms.Select):
    """A drop-down list of many choices."""


class LongSelectMultiple(LongChoicesMixin, forms.SelectMultiple):
    """A multiple-choice list of many choices."""
