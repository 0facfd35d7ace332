"""Every tab of the contract page, for every persona: who sees it, who gets a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.actions.factories import ActionFactory, FundingLineFactory
from tests.contracts.factories import GovernanceBodyFactory, MeetingFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

TABS = [
    "summary",
    "actions",
    "indicators",
    "governance",
    "funding",
    "documents",
    "history",
    "reports",
]


def url(tab, contract):
    return reverse(f"contract_{tab}", args=[contract.pk])


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("persona", ["admin", "agent", "coordinator", "lead", "reader"])
def test_people_of_the_contract_open_every_tab(client, world, persona, tab):
    client.force_login(getattr(world, persona))
    response = client.get(url(tab, world.contract))
    assert response.status_code == 200
    assert "CLS de Belle-Île-en-Mer" in response.text


@pytest.mark.parametrize("tab", TABS)
def test_agent_of_another_region_gets_a_404_on_every_tab(client, world, tab):
    client.force_login(world.other_agent)
    response = client.get(url(tab, world.contract))
    assert response.status_code == 404
    assert "Belle-Île" not in response.text


@pytest.mark.parametrize("tab", TABS)
def test_anonymous_visitor_is_sent_to_the_login_page(client, world, tab):
    response = client.get(url(tab, world.contract))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_confidential_action_is_hidden_from_the_collectivite_reader(client, world):
    ActionFactory(axis=world.axis, number="1.9", title="Action sensible", is_confidential=True)
    client.force_login(world.reader)
    assert "Action sensible" not in client.get(url("actions", world.contract)).text
    client.force_login(world.coordinator)
    assert "Action sensible" in client.get(url("actions", world.contract)).text


def test_late_action_is_flagged_in_the_tree(client, world):
    ActionFactory(axis=world.axis, number="1.5", starts_on=None, planned_end_on="2020-01-01")
    client.force_login(world.agent)
    assert "En retard" in client.get(url("actions", world.contract)).text


def test_only_managers_see_the_edit_and_lifecycle_buttons(client, world):
    client.force_login(world.agent)
    assert "Modifier" in client.get(url("summary", world.contract)).text
    client.force_login(world.coordinator)
    assert (
        reverse("contract_edit", args=[world.contract.pk])
        not in client.get(url("summary", world.contract)).text
    )


def test_summary_lists_territory_signatories_and_coordinator(client, world):
    client.force_login(world.reader)
    text = client.get(url("summary", world.contract)).text
    commune = world.contract.territory.communes.get()
    assert commune.name in text
    assert "CC de Belle-Île-en-Mer" in text
    assert str(world.contract.coordinator_assignments.get().person) in text


def test_funding_tab_sums_by_year_and_funder(client, world):
    FundingLineFactory(
        action=world.lead_action,
        year=2025,
        planned_amount=1000,
        granted_amount=800,
        paid_amount=500,
    )
    FundingLineFactory(
        action=world.lead_action, year=2025, planned_amount=2000, granted_amount=0, paid_amount=0
    )
    client.force_login(world.agent)
    response = client.get(url("funding", world.contract))
    assert response.context["funding"]["totals"] == {"planned": 3000, "granted": 800, "paid": 500}


def test_indicators_tab_shows_latest_value_against_target(client, world):
    indicator = IndicatorFactory(contract=world.contract, baseline_value=40, target_value=60)
    IndicatorValueFactory(indicator=indicator, period="2024", value=45)
    IndicatorValueFactory(indicator=indicator, period="2025", value=50)
    client.force_login(world.agent)
    row = client.get(url("indicators", world.contract)).context["rows"][0]
    assert row.latest.period == "2025"
    assert row.achievement_percent == 50


def test_history_tab_shows_who_changed_what_before_and_after(client, world):
    before = world.contract.title
    world.contract.title = "CLS de Belle-Île-en-Mer (révisé)"
    world.contract.save()
    client.force_login(world.agent)
    response = client.get(url("history", world.contract))
    changes = [
        (change.label, change.before, change.after)
        for entry in response.context["page"].object_list
        if entry.change == "Modification"
        for change in entry.changes
    ]
    assert ("Intitulé", before, "CLS de Belle-Île-en-Mer (révisé)") in changes
    assertContains(response, "CLS de Belle-Île-en-Mer (révisé)</ins>")


def grow(world, size):
    """Add `size` more actions, indicators, values, meetings and funding lines."""
    body = GovernanceBodyFactory(contract=world.contract)
    start = world.contract.actions.count() + 10
    for n in range(size):
        action = ActionFactory(axis=world.axis, number=f"1.{start + n}")
        FundingLineFactory(action=action)
        indicator = IndicatorFactory(contract=world.contract, action=action)
        IndicatorValueFactory(indicator=indicator)
        MeetingFactory(body=body)


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize(
    ("tab", "queries"),
    [
        # Each: session, user, roles (memberships), contract with header relations, then the tab's
        # own reads; the header asks whether the user may manage and coordinate the contract.
        ("summary", 9),  # the coordination reads the prefetched assignments (no invitation waits)
        # The tab's lists: progress by axis, axes, objectives, fiches; then the choices of its
        # filters (axes, organisations, leads, themes, target groups).
        ("actions", 14),
        ("indicators", 8),
        ("governance", 10),
        ("funding", 8),
    ],
)
def test_contract_tabs_query_count_does_not_grow_with_rows(
    client, world, django_assert_num_queries, size, tab, queries
):
    grow(world, size)
    client.force_login(world.coordinator)
    with django_assert_num_queries(queries):
        assert client.get(url(tab, world.contract)).status_code == 200


def test_documents_history_and_reports_tabs_query_count_does_not_grow(client, world):
    client.force_login(world.coordinator)
    counts = {}
    for size in (1, 5):
        grow(world, size)
        for tab in ("documents", "history", "reports"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(tab, world.contract)).status_code == 200
            counts.setdefault(tab, []).append(len(captured))
    # The history asks whether the user sees confidential actions, then reads each of the 18
    # tracked models once, whatever their number of changes.
    assert counts == {"documents": [6, 6], "history": [24, 24], "reports": [7, 7]}
