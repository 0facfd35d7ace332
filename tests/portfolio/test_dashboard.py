"""The dashboard: figures and alerts scoped to the user, each alert linking to its contracts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.enums import BodyKind, ContractStatus
from portfolio.selectors import dashboard_for
from reports.selectors import ALERTS
from tests.actions.factories import ActionFactory
from tests.clock import TODAY
from tests.contracts.factories import (
    ContractFactory,
    CoordinatorAssignmentFactory,
    GovernanceBodyFactory,
    MeetingFactory,
)
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory


def alert_counts(user):
    return {alert.kind.key: alert.count for alert in dashboard_for(user, TODAY).alerts}


def test_anonymous_visitor_sees_the_public_home_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Se connecter" in response.text
    assert "dashboard" not in response.context


def test_dashboard_is_the_home_page_after_login(client, world):
    client.force_login(world.agent)
    response = client.get(reverse("home"))
    assert response.context["dashboard"].contract_count == 1
    assert "Tableau de bord" in response.text


def test_dashboard_lists_contracts_with_their_flags(client, world):
    ActionFactory(
        axis=world.axis, number="1.8", starts_on=None, planned_end_on=datetime.date(2025, 1, 1)
    )
    client.force_login(world.other_agent)
    response = client.get(reverse("home"))
    assert "CLS du Pays de Craon" in response.text
    assert "Sans coordonnateur" in response.text
    client.force_login(world.agent)
    [contract] = client.get(reverse("home")).context["dashboard"].contracts
    assert (contract.has_coordinator, contract.has_late_actions) == (True, True)


def test_figures_are_scoped_to_the_users_region(world):
    dashboard = dashboard_for(world.agent, TODAY)
    assert dashboard.contract_count == 1
    assert dashboard.population_covered == world.contract.territory.population
    assert dashboard.communes_covered == 1
    assert (
        dashboard.scope_population == world.contract.territory.population
    )  # the région's only commune
    assert dashboard.coverage_percent == 100.0


def test_national_admin_sees_every_contract(world):
    assert dashboard_for(world.admin, TODAY).contract_count == 2


def test_contract_without_coordinator_raises_an_alert(world):
    assert alert_counts(world.agent)["no_coordinator"] == 0
    assert alert_counts(world.other_agent)["no_coordinator"] == 1


def test_contract_ending_within_six_months_raises_an_alert(world):
    ContractFactory(ars=world.contract.ars, ends_on=datetime.date(2027, 3, 31))
    assert alert_counts(world.agent)["ending_soon"] == 1


def test_contract_without_copil_for_a_year_raises_an_alert(world):
    assert alert_counts(world.agent)["no_copil"] == 1
    MeetingFactory(
        body=GovernanceBodyFactory(contract=world.contract, kind=BodyKind.COPIL), held_on=TODAY
    )
    assert alert_counts(world.agent)["no_copil"] == 0


def test_late_action_raises_an_alert(world):
    assert alert_counts(world.agent)["late_actions"] == 0
    ActionFactory(
        axis=world.axis, number="1.7", starts_on=None, planned_end_on=datetime.date(2025, 1, 1)
    )
    assert alert_counts(world.agent)["late_actions"] == 1


def test_missing_value_for_the_last_year_raises_an_alert(world):
    indicator = IndicatorFactory(contract=world.contract)
    assert alert_counts(world.agent)["overdue_values"] == 1
    IndicatorValueFactory(indicator=indicator, period="2025")
    assert alert_counts(world.agent)["overdue_values"] == 0


def test_closed_contracts_raise_no_alert(world):
    world.other_contract.status = ContractStatus.CLOSED
    world.other_contract.save()
    assert alert_counts(world.other_agent)["no_coordinator"] == 0


@pytest.mark.parametrize("key", list(ALERTS))
def test_each_alert_links_to_the_contracts_concerned(client, world, key):
    client.force_login(world.other_agent)
    response = client.get(reverse("contract_list"), {"alert": key})
    assert response.status_code == 200
    expected = {
        c.pk
        for c in ALERTS[key].select(
            type(world.contract).objects.filter(pk=world.other_contract.pk), timezone.localdate()
        )
    }
    assert {c.pk for c in response.context["page"].object_list} == expected


@pytest.mark.parametrize("extra_contracts", [0, 5])
def test_dashboard_query_count_does_not_grow_with_contracts(
    client, world, django_assert_num_queries, extra_contracts
):
    for _ in range(extra_contracts):
        contract = ContractFactory(ars=world.contract.ars)
        CoordinatorAssignmentFactory(contract=contract)
        IndicatorFactory(contract=contract)
        ActionFactory(axis__contract=contract)
    client.force_login(world.agent)
    # 1-2. session and user; 3. memberships (roles) and ids of the contracts seen; 4. counts by
    # status; 5. population, communes and EPCI covered; 6. the contracts listed with their
    # flags; 7. scope population; 8-12. one count per alert; the map of the région: 13. the
    # région; 14. population by EPCI and département; 15. contracts in force or in preparation
    # on each commune (no years: the région's page shows them); the work lists: 16. count of
    # the values to review; 17. actions led; 18. contracts coordinated.
    with django_assert_num_queries(18):
        client.get(reverse("home"))


@pytest.mark.parametrize("extra_contracts", [0, 5])
def test_national_dashboard_query_count_does_not_grow_with_contracts(
    client, world, django_assert_num_queries, extra_contracts
):
    ContractFactory.create_batch(extra_contracts)
    client.force_login(world.admin)
    # 1-2. session and user; 3. roles; 4. counts by status; 5. population, communes and EPCI
    # covered; 6. the contracts listed; 7. scope population; 8-12. one count per alert; the map
    # of France: 13. population covered by département; 14. départements' names; 15. population
    # by département; 16. régions' names; the work lists: 17. count of the values to review;
    # 18. actions led; 19. contracts coordinated.
    with django_assert_num_queries(19):
        client.get(reverse("home"))


def test_communes_covered_outside_any_epci_are_not_said_to_be_in_0_epci(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "dans 0 EPCI" not in page and "hors EPCI" in page
