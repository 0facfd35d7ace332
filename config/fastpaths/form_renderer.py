"""The platform's form renderer: Django's, except that drop-down lists and inputs are written in
Python.

Django renders a `<select>` through one template, then each of its options through two more (the
option, its attributes), and an `<input>` through three (its type's, `input.html`,
`attrs.html`): 0.1 to 0.2 ms apiece. That made lists of the 5,000 people of a national platform
take seconds, and the twenty lists and fifty inputs of an admin change page a quarter of its
time. This renderer writes what `django/forms/widgets/select.html` and
the input templates write: the same elements, attributes and escaping, without the lists'
indentation. Any other template, or a list whose options use another template, goes through the
template engine. An empty list of errors writes nothing, as its template does. (Django's form
renderer reads its own templates before any application's, so no application can have changed
these.)
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from config import fastpaths
from config.fastpaths.html import attributes, escaped

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# Django's templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in [
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)
# An empty list of errors writes nothing (Django's admin asks each field for its list).
ERROR_LIST_TEMPLATES = frozenset(
    ["django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"]
)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if not fastpaths.enabled("form_renderer"):
            return super().render(template_name, context, request=request)
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return html
        elif template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        elif template_name in ERROR_LIST_TEMPLATES and not context["errors"]:
            return ""
        return super().render(template_name, context, request=request)


def select_html(widget: dict) -> str | None:
    """The `<select>` of a widget's context, or None if an option has its own template."""
    html = [f'<select name="{escaped(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            html.append(f'<optgroup label="{escaped(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            html.append(
                f'<option value="{escaped(option["value"])}"{attributes(option["attrs"])}>'
                f"{escaped(option['label'])}</option>"
            )
        if group_name:
            html.append("</optgroup>")
    html.append("</select>")
    return mark_safe("".join(html))  # every name, value and label escaped above


def input_html(widget: dict) -> str:
    """An `<input>` as `django/forms/widgets/input.html` writes it."""
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    return mark_safe(  # every name and value escaped
        f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}'
        f"{attributes(widget['attrs'])}>"
    )
