"""The public directory: filters, a page per public signed contract, and its open data in CSV
and JSON; never a confidential action nor a person's name."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from contracts.enums import ContractStatus
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import (
    AxisFactory,
    ContractFactory,
    CoordinatorAssignmentFactory,
    SignatoryFactory,
)
from tests.territories.factories import CommuneFactory, TerritoryFactory

SECRET_ACTION = "Action confidentielle sur les situations complexes"
SECRET_PERSON = ("Jeanne", "Discrète")


@pytest.fixture
def published(bretagne):
    """Belle-Île's public contract, with what must never be published: a confidential action,
    people named as signatory, coordinator and lead."""
    contract = bretagne.communes["56152"].territories.get().contracts.get()
    person = PersonFactory(first_name=SECRET_PERSON[0], last_name=SECRET_PERSON[1])
    SignatoryFactory(
        contract=contract,
        organisation=OrganisationFactory(name="Communauté de communes de Belle-Île", kind="epci"),
        person=person,
    )
    CoordinatorAssignmentFactory(contract=contract, person=person)
    axis = AxisFactory(contract=contract, number=1, title="Accès aux soins")
    ActionFactory(axis=axis, number="1.2", title="Accueillir les internes", lead_person=person)
    ActionFactory(axis=axis, number="1.10", title="Télé-expertise")
    ActionFactory(axis=axis, number="1.3", title=SECRET_ACTION, is_confidential=True)
    return contract


def secrets_in(text: str) -> list[str]:
    return [word for word in (SECRET_ACTION, *SECRET_PERSON) if word in text]


def test_anyone_opens_the_public_page_of_a_signed_public_contract(client, published):
    response = client.get(reverse("public_contract", args=[published.pk]))

    assert response.status_code == 200
    page = response.text
    assert published.title in page
    assert '<svg class="cls-map" id="carte-territoire"' in page
    assert "Communauté de communes de Belle-Île — Signataire" in page
    numbers = [action.number for action in response.context["axes"][0].public_actions]
    assert numbers == ["1.2", "1.10"]
    assert secrets_in(page) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"is_public": False},
        {"status": ContractStatus.ELABORATION},
        {"status": ContractStatus.CLOSED},
    ],
)
def test_a_contract_not_public_nor_in_force_has_no_public_page(client, bretagne, fields):
    contract = ContractFactory(**fields)
    assert client.get(reverse("public_contract", args=[contract.pk])).status_code == 404


def test_the_directory_links_each_contract_to_its_page_and_is_filtered(client, published, world):
    response = client.get(reverse("public_directory"))
    assert reverse("public_contract", args=[published.pk]) in response.text
    titles = {contract.title for contract in response.context["page"].object_list}
    assert titles == {
        "CLS de Belle-Île-en-Mer",
        "CLS du Pays de Morlaix",
        world.contract.title,
        world.other_contract.title,
    }

    def filtered(**query):
        response = client.get(reverse("public_directory"), query)
        return {contract.title for contract in response.context["page"].object_list}

    assert filtered(region="53") == {"CLS de Belle-Île-en-Mer", "CLS du Pays de Morlaix"}
    assert filtered(departement="56") == {"CLS de Belle-Île-en-Mer"}
    assert filtered(status=ContractStatus.SIGNED) == set()
    assert (
        "contrats.csv?region=53" in client.get(reverse("public_directory"), {"region": "53"}).text
    )


def test_the_directory_downloads_as_csv_with_the_documented_columns(client, published):
    response = client.get(reverse("open_data_csv"), {"region": "53"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="contrats-locaux')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    belle_ile = next(row for row in rows if row["identifiant"] == str(published.pk))
    assert belle_ile == {
        "identifiant": str(published.pk),
        "intitule": "CLS de Belle-Île-en-Mer",
        "type": "cls",
        "generation": "1",
        "statut": "implementation",
        "code_region": "53",
        "region": "Bretagne",
        "ars": "ARS Bretagne",
        "codes_departements": "56",
        "sirens_epci": "245600465",
        "codes_insee_communes": "56152",
        "territoire": "Le Palais",
        "population": "2599",
        "date_signature": "2024-01-15",
        "date_debut": "2024-01-01",
        "date_fin": "2028-12-31",
        "url": f"http://testserver{reverse('public_contract', args=[published.pk])}",
    }
    assert len(rows) == 2
    assert secrets_in(response.content.decode()) == []


def test_the_directory_downloads_as_json_under_the_open_licence(client, published):
    response = client.get(reverse("open_data_json"))

    document = json.loads(response.content)
    assert document["licence"] == "Licence Ouverte / Open Licence 2.0"
    morlaix = next(c for c in document["contrats"] if c["intitule"] == "CLS du Pays de Morlaix")
    assert morlaix["codes_insee_communes"] == ["29151"]
    assert morlaix["sirens_epci"] == ["242900835"]
    assert morlaix["date_fin"] == "2027-03-31"
    assert all(c["statut"] != ContractStatus.DIAGNOSIS for c in document["contrats"])
    assert secrets_in(response.content.decode()) == []


@pytest.mark.parametrize("extra", [0, 3])
def test_public_pages_query_counts_do_not_grow(client, published, django_assert_num_queries, extra):
    for _ in range(extra):
        ActionFactory(axis=published.axes.get())
        commune = CommuneFactory(departement_id="56")
        contract = ContractFactory(territory=TerritoryFactory(communes=[commune]))
        SignatoryFactory(contract=published)
        AxisFactory(contract=contract, number=2)
    # 1. the contract with its territory, ARS and région; 2. the territory's communes (map);
    # 3. signatories and their organisations; 4. axes; 5. their public actions.
    with django_assert_num_queries(5):
        client.get(reverse("public_contract", args=[published.pk]))
    for name in ("open_data_csv", "open_data_json"):
        # 1. the contracts with their territory, ARS and région; 2. their territories' communes.
        with django_assert_num_queries(2):
            client.get(reverse(name))


def test_a_contract_whose_term_ended_leaves_the_open_data(client, published, time_machine):
    time_machine.move_to(datetime.datetime(2029, 1, 2, 9, 0, tzinfo=datetime.UTC))
    document = json.loads(client.get(reverse("open_data_json")).content)
    assert published.pk not in [contract["identifiant"] for contract in document["contrats"]]
