"""A contract's history tab: who changed what, read through the access module like every
other read (a confidential fiche action's changes stay with those who may see it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.actions.factories import ActionFactory, FundingLineFactory, MilestoneFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

SECRET = "Coordonner l'accompagnement des situations individuelles complexes"


@pytest.fixture
def secret(world):
    """A confidential action with something in each kind of record hanging off it."""
    action = ActionFactory(axis=world.axis, number="4.1", title=SECRET, is_confidential=True)
    MilestoneFactory(action=action, title="Étape confidentielle")
    FundingLineFactory(action=action)
    indicator = IndicatorFactory(contract=world.contract, action=action)
    IndicatorValueFactory(indicator=indicator, period="2025")
    return action


def history_labels(client, user, contract) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("contract_history", args=[contract.pk]))
    assert response.status_code == 200
    return [
        f"{entry.object_kind} : {entry.object_label}"
        for entry in response.context["page"].object_list
    ]


@pytest.mark.parametrize("who", ["reader", "lead"])
def test_readers_never_see_a_confidential_action_in_the_history(client, world, secret, who):
    labels = history_labels(client, getattr(world, who), world.contract)

    assert labels  # the contract's own changes are there
    assert not any(SECRET in label for label in labels)
    assert not any("Étape confidentielle" in label for label in labels)
    assert not [label for label in labels if label.startswith(("ligne de financement", "valeur"))]


def test_a_confidential_action_deleted_stays_out_of_the_readers_history(client, world, secret):
    secret.milestones.all().delete()
    secret.funding_lines.all().delete()
    for indicator in secret.indicators.all():
        indicator.values.all().delete()
        indicator.delete()
    secret.delete()

    labels = history_labels(client, world.reader, world.contract)

    assert not any(SECRET in label for label in labels)


@pytest.mark.parametrize("who", ["coordinator", "agent"])
def test_the_coordination_and_the_ars_see_every_change(client, world, secret, who):
    labels = history_labels(client, getattr(world, who), world.contract)

    assert any(SECRET in label for label in labels)
    assert any("Étape confidentielle" in label for label in labels)


def test_the_lead_of_a_confidential_action_sees_its_history(client, world, secret):
    secret.lead_person = world.lead_action.lead_person
    secret.save()

    labels = history_labels(client, world.lead, world.contract)

    assert any(SECRET in label for label in labels)


def test_the_readers_history_costs_a_fixed_number_of_queries(client, world, secret):
    counts = []
    for _ in range(2):
        ActionFactory(axis=world.axis, is_confidential=True)
        client.force_login(world.reader)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("contract_history", args=[world.contract.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
