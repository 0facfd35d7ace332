"""The base classes of the platform's admin pages.

- Django renders the selection box of each row of an admin list through the template engine,
  about 0.25 ms apiece: a fifth of a list of 100 rows. The page classes write the same HTML in
  Python, as `config.renderers` does for drop-down lists and inputs.
- Django's admin asks each inline for its empty form (the row that « Ajouter un autre » copies)
  three or four times per page, and a whole form is built every time: the inline classes build
  it once.
"""

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin


class RowCheckboxMixin:
    def action_checkbox(self, obj):
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


class ModelAdmin(RowCheckboxMixin, admin.ModelAdmin):
    pass


class HistoryAdmin(RowCheckboxMixin, SimpleHistoryAdmin):
    """An admin page with the history of each object (django-simple-history)."""


class InlineFormSet(BaseInlineFormSet):
    @cached_property
    def empty_form(self):
        return super().empty_form


class TabularInline(admin.TabularInline):
    formset = InlineFormSet


class StackedInline(admin.StackedInline):
    formset = InlineFormSet
