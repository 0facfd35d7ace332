"""Every model is editable in the Django admin, in French."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actions.factories import ActionFactory, FundingLineFactory
from tests.actors.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.contracts.factories import (
    AmendmentFactory,
    AxisFactory,
    CoordinatorAssignmentFactory,
    GovernanceBodyFactory,
    MeetingFactory,
    ObjectiveFactory,
    SignatoryFactory,
)
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory
from tests.reports.factories import EvaluationReportFactory
from tests.territories.factories import DepartementFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"territories", "actors", "contracts", "actions", "indicators", "reports"}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS
)


# Derived from other rows by PostgreSQL itself: nobody edits them.
KEPT_BY_THE_DATABASE = {("actions", "actionsearchdocument")}


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
    assert models - set(REGISTERED) - inlines - KEPT_BY_THE_DATABASE == set()


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_list_and_add_pages_open_in_french(client, app_label, model_name):
    client.force_login(UserFactory(national_admin=True))
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert changelist.status_code == 200
    assert add.status_code in (200, 403)  # some models may forbid manual creation
    assert 'lang="fr"' in changelist.text


def _user_person():
    return PersonFactory(user=UserFactory())


# Rows whose admin list shows related objects, each with every relation shown filled in.
LIST_ROWS = {
    "actors_organisation": lambda: OrganisationFactory(ars=True, departement=DepartementFactory()),
    "actors_person": _user_person,
    "actions_action": ActionFactory,
    "actions_fundingline": FundingLineFactory,
    "indicators_indicator": lambda: IndicatorFactory(action=ActionFactory()),
    "indicators_indicatorvalue": lambda: IndicatorValueFactory(entered_by=UserFactory()),
    "actors_membership": MembershipFactory,
    "contracts_axis": AxisFactory,
    "contracts_objective": ObjectiveFactory,
    "contracts_signatory": SignatoryFactory,
    "contracts_coordinatorassignment": CoordinatorAssignmentFactory,
    "contracts_amendment": AmendmentFactory,
    "contracts_governancebody": GovernanceBodyFactory,
    "contracts_meeting": MeetingFactory,
    "reports_evaluationreport": lambda: EvaluationReportFactory(requested_by=UserFactory()),
}


@pytest.mark.parametrize("list_name", sorted(LIST_ROWS))
def test_admin_lists_read_related_objects_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, list_name
):
    client.force_login(UserFactory(national_admin=True))
    url = reverse(f"admin:{list_name}_changelist")
    LIST_ROWS[list_name]()
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    for _ in range(4):
        LIST_ROWS[list_name]()
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(url)
    assert response.context["cl"].result_count == 5


def test_admin_lists_showing_related_objects_name_the_joins_they_need():
    """Without `list_select_related`, a list showing a related object joins every non-null
    foreign key, recursively: meetings read their contract, its territory, its ARS, its région
    and their body's contract again, 800 objects for 100 rows."""
    implicit = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        shown = {name for name in model_admin.list_display if isinstance(name, str)}
        related = [
            field.name
            for field in model._meta.get_fields()
            if field.many_to_one and field.name in shown
        ]
        if related and model_admin.list_select_related is False:
            implicit.append(model.__name__)
    assert implicit == []


def admin_search(client, list_name: str):
    """Logged in as a national administrator: what the admin list `list_name` finds for a
    term."""
    client.force_login(UserFactory(national_admin=True))
    url = reverse(f"admin:{list_name}_changelist")
    return lambda term: set(client.get(url, {"q": term}).context["cl"].result_list)


def test_admin_value_search_finds_values_by_indicator_contract_or_period(client):
    by_name = IndicatorValueFactory(indicator__definition__name="Taux de dépistage")
    by_contract = IndicatorValueFactory(indicator__contract__title="CLS du Pays de Retz")
    by_period = IndicatorValueFactory(period="2024")
    found = admin_search(client, "indicators_indicatorvalue")

    assert found("dépistage") == {by_name}
    assert found("retz") == {by_contract}
    assert found("2024") == {by_period}
    assert found("dépistage 2025") == {by_name}
    assert found("introuvable") == set()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French full-text search is PostgreSQL's"
)
def test_admin_action_search_finds_words_exact_numbers_and_contracts(client):
    by_words = ActionFactory(title="Prévenir les chutes des aînés", number="1.1")
    by_number = ActionFactory(title="Ateliers mémoire", number="7.3")
    by_contract = ActionFactory(
        title="Maison de santé", number="2.1", axis__contract__title="CLS du Pays de Retz"
    )
    found = admin_search(client, "actions_action")

    assert found("chute") == {by_words}
    assert found("7.3") == {by_number}
    assert found("Retz") == {by_contract}
    assert found("introuvable") == set()


def test_admin_funding_line_search_finds_lines_by_action_funder_or_reference(client):
    by_action = FundingLineFactory(action__title="Prévention des chutes")
    by_funder = FundingLineFactory(funder__name="Caisse primaire d'assurance maladie")
    by_reference = FundingLineFactory(reference="FIR-2025-042")
    found = admin_search(client, "actions_fundingline")

    assert found("chutes") == {by_action}
    assert found("assurance maladie") == {by_funder}
    assert found("FIR-2025") == {by_reference}
    assert found("introuvable") == set()
