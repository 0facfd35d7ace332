"""The admin's rows carry the very selection box Django writes, written faster; inlines build
their empty form once."""

from unittest.mock import patch

import pytest
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.test.html import parse_html
from django.urls import reverse

from config.admin import InlineFormSet, RowCheckboxMixin
from tests.actors.factories import OrganisationFactory, UserFactory
from tests.test_admin import PROJECT_APPS

pytestmark = pytest.mark.django_db


def test_every_project_admin_writes_its_row_boxes_in_python():
    slow = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS and not isinstance(model_admin, RowCheckboxMixin)
    ]
    assert slow == []


def test_the_row_box_is_django_s_own_with_the_object_escaped():
    organisation = OrganisationFactory(name='Maison de santé "Les <Tilleuls>" & Cie')
    model_admin = admin.site._registry[type(organisation)]

    ours = model_admin.action_checkbox(organisation)
    theirs = admin.ModelAdmin.action_checkbox(model_admin, organisation)

    assert parse_html(ours) == parse_html(theirs)
    assert "&lt;Tilleuls&gt;" in ours and "<Tilleuls>" not in ours


def test_selected_rows_still_reach_the_admin_actions(client):
    client.force_login(UserFactory(national_admin=True))
    kept, deleted = OrganisationFactory(), OrganisationFactory()
    url = reverse("admin:actors_organisation_changelist")

    page = client.get(url)
    assert f'name="_selected_action" value="{deleted.pk}"' in page.content.decode()
    confirmation = client.post(url, {"action": "delete_selected", "_selected_action": [deleted.pk]})
    assert confirmation.status_code == 200
    client.post(url, {"action": "delete_selected", "_selected_action": [deleted.pk], "post": "yes"})

    remaining = set(type(kept).objects.values_list("pk", flat=True))
    assert kept.pk in remaining and deleted.pk not in remaining


def test_every_project_inline_builds_its_empty_form_once():
    inlines = [
        inline
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
        for inline in model_admin.inlines
    ]
    assert inlines
    assert [
        inline.__name__ for inline in inlines if not issubclass(inline.formset, InlineFormSet)
    ] == []


def test_an_inline_s_empty_form_is_built_once_and_still_rendered(client):
    administrator = UserFactory(national_admin=True)
    client.force_login(administrator)
    built = []
    original = BaseInlineFormSet.empty_form.fget

    def counted(formset):
        built.append(formset.prefix)
        return original(formset)

    with patch.object(BaseInlineFormSet, "empty_form", property(counted)):
        page = client.get(reverse("admin:actors_user_change", args=[administrator.pk]))

    assert page.status_code == 200
    assert f"{built[0]}-__prefix__" in page.content.decode()  # the row to copy is there
    assert len(built) == 1
