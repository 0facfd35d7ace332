"""The contract list: scoped, filtered, sorted, paginated, with an empty state."""

import datetime

import pytest
from django.urls import reverse

from contracts.enums import ContractStatus
from portfolio.views import PAGE_SIZE
from tests.contracts.factories import ContractFactory, CoordinatorAssignmentFactory


def listed(client, **params):
    response = client.get(reverse("contract_list"), params)
    assert response.status_code == 200
    return [contract.title for contract in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", ["CLS de Belle-Île-en-Mer", "CLS du Pays de Craon"]),
        ("agent", ["CLS de Belle-Île-en-Mer"]),
        ("other_agent", ["CLS du Pays de Craon"]),
        ("coordinator", ["CLS de Belle-Île-en-Mer"]),
        ("lead", ["CLS de Belle-Île-en-Mer"]),
        ("reader", ["CLS de Belle-Île-en-Mer"]),
    ],
)
def test_each_persona_lists_only_their_contracts(client, world, persona, expected):
    client.force_login(getattr(world, persona))
    assert listed(client) == expected


def test_anonymous_visitor_is_sent_to_login(client, world):
    assert client.get(reverse("contract_list")).status_code == 302


def test_filters_by_status_text_region_and_departement(client, world):
    client.force_login(world.admin)
    ContractFactory(
        title="CLS en élaboration", status=ContractStatus.ELABORATION, ars=world.contract.ars
    )
    assert listed(client, status="elaboration") == ["CLS en élaboration"]
    assert listed(client, q="craon") == ["CLS du Pays de Craon"]
    assert listed(client, q="Belle-Île") == ["CLS de Belle-Île-en-Mer"]
    assert listed(client, region=world.other_contract.ars.region_id) == ["CLS du Pays de Craon"]
    departement = world.contract.territory.communes.get().departement_id
    assert listed(client, departement=departement) == ["CLS de Belle-Île-en-Mer"]


def test_sorts_by_population(client, world):
    client.force_login(world.admin)
    by_population = sorted(
        [world.contract, world.other_contract], key=lambda c: -c.territory.population
    )
    assert listed(client, sort="-population") == [c.title for c in by_population]


def test_invalid_filter_value_is_reported_not_crashing(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("contract_list"), {"status": "nimporte", "generation": "abc"})
    assert response.status_code == 200
    assert response.context["filters"].errors


def test_empty_state_explains_what_to_do(client, world):
    client.force_login(world.agent)
    response = client.get(reverse("contract_list"), {"q": "introuvable"})
    assert "Aucun contrat ne correspond" in response.text


def test_paginates(client, world):
    ContractFactory.create_batch(PAGE_SIZE, ars=world.contract.ars)
    client.force_login(world.agent)
    assert len(listed(client)) == PAGE_SIZE
    assert len(listed(client, page=2)) == 1


@pytest.mark.parametrize("extra", [0, 8])
def test_list_query_count_does_not_grow_with_contracts(
    client, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        CoordinatorAssignmentFactory(contract=ContractFactory(ars=world.contract.ars))
    client.force_login(world.agent)
    # 1-2. session and user; 3. roles; 4. count; 5. page of contracts; 6. their current
    # coordinators; 7-8. the région and département choices of the filter form.
    with django_assert_num_queries(8):
        client.get(reverse("contract_list"))


def test_filters_by_where_signed_contracts_stand_today(client, world):
    """The dashboard's « Dont signés, pas encore en vigueur » leads to these contracts."""
    client.force_login(world.agent)
    ContractFactory(
        title="CLS de Houat",
        ars=world.contract.ars,
        status=ContractStatus.SIGNED,
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2031, 12, 31),
    )
    ContractFactory(title="CLS en élaboration", ars=world.contract.ars, status="elaboration")
    assert listed(client, phase="not_started") == ["CLS de Houat"]
    assert listed(client, phase="in_force") == ["CLS de Belle-Île-en-Mer"]
    assert listed(client, phase="ended") == []
    dashboard = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("contract_list")}?phase=not_started"' in dashboard
