"""The admin of the referential and territories, as a national administrator uses it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territories.enums import TerritoryKind
from territories.models import Territory
from tests.territories.factories import CommuneFactory, EpciFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["region", "departement", "epci", "commune", "territory"])
def test_admin_lists_every_model(admin_client, model):
    TerritoryFactory(communes=[CommuneFactory(in_epci=True)])

    response = admin_client.get(reverse(f"admin:territories_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", ["epci", "commune", "territory"])
def test_admin_list_query_count_does_not_grow_with_the_rows(admin_client, model):
    def count_queries():
        with CaptureQueriesContext(connection) as context:
            admin_client.get(reverse(f"admin:territories_{model}_changelist"))
        return len(context)

    TerritoryFactory(communes=[CommuneFactory(in_epci=True)])
    with_one_row = count_queries()
    for _ in range(4):
        TerritoryFactory(communes=[CommuneFactory(in_epci=True)])

    assert count_queries() == with_one_row


def test_admin_shows_the_communes_of_an_epci(admin_client):
    epci = EpciFactory()
    CommuneFactory(epci=epci, name="Sauzon")

    response = admin_client.get(reverse("admin:territories_epci_change", args=[epci.pk]))

    assert "Sauzon" in response.content.decode()


def test_admin_creates_a_territory_with_its_population(admin_client):
    communes = [CommuneFactory(population=300), CommuneFactory(population=45)]

    response = admin_client.post(
        reverse("admin:territories_territory_add"),
        {
            "name": "Pays de Redon",
            "kind": TerritoryKind.PAYS_PETR,
            "communes": [c.pk for c in communes],
        },
    )

    assert response.status_code == 302
    territory = Territory.objects.get()
    assert territory.population == 345


def test_admin_refuses_a_territory_without_commune(admin_client):
    response = admin_client.post(
        reverse("admin:territories_territory_add"),
        {"name": "Nulle part", "kind": TerritoryKind.CUSTOM, "communes": []},
    )

    assert response.status_code == 200
    assert "Un territoire doit comporter au moins une commune." in response.content.decode()
    assert not Territory.objects.exists()


def test_admin_epci_list_counts_their_communes(admin_client):
    crowded = EpciFactory(name="CC Belle-Île-en-Mer")
    EpciFactory(name="CC Vide")
    for name in ("Sauzon", "Le Palais", "Bangor"):
        CommuneFactory(epci=crowded, name=name)

    response = admin_client.get(reverse("admin:territories_epci_changelist"), {"o": "4"})

    counts = {epci.name: epci.communes_count for epci in response.context["cl"].result_list}
    assert counts == {"CC Belle-Île-en-Mer": 3, "CC Vide": 0}
    assert list(counts) == ["CC Vide", "CC Belle-Île-en-Mer"]  # sorted by their count
