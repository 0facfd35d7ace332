"""Every model is editable in the Django admin, in French."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.actors.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"territories", "actors", "contracts", "actions", "indicators", "reports"}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS
)


def test_every_project_model_is_editable_on_its_own_page_or_inline():
    inlines = {
        (inline.model._meta.app_label, inline.model._meta.model_name)
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    models = {
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and not m.__name__.startswith("Historical")
    }
    assert models - set(REGISTERED) - inlines == set()


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_list_and_add_pages_open_in_french(client, app_label, model_name):
    client.force_login(UserFactory(national_admin=True))
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert changelist.status_code == 200
    assert add.status_code in (200, 403)  # some models may forbid manual creation
    assert 'lang="fr"' in changelist.text
