"""Contracts, axes, objectives, reports and the referential through the API: scoped reads,
filters, synchronisation with `updated_since`, deletions."""

import datetime

import pytest
from django.utils import timezone

from contracts.enums import ContractStatus
from contracts.models import Contract
from reports.enums import ReportKind
from reports.models import EvaluationReport
from tests.api.conftest import client_for, ids
from tests.contracts.factories import AxisFactory, ContractFactory, ObjectiveFactory


def test_each_persona_lists_the_contracts_it_may_see(world):
    expected = {
        world.admin: {world.contract.pk, world.other_contract.pk},
        world.agent: {world.contract.pk},
        world.other_agent: {world.other_contract.pk},
        world.coordinator: {world.contract.pk},
        world.lead: {world.contract.pk},
        world.reader: {world.contract.pk},
    }
    for user, contracts in expected.items():
        assert set(ids(client_for(user).get("/api/v1/contracts/"))) == contracts


def test_a_contract_out_of_scope_answers_404(world):
    response = client_for(world.other_agent).get(f"/api/v1/contracts/{world.contract.pk}/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Ressource introuvable (ou hors de votre périmètre).",
        "details": {},
    }


def test_contract_detail_carries_its_signatories_and_an_etag(world):
    response = client_for(world.reader).get(f"/api/v1/contracts/{world.contract.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == world.contract.ars.region_id
    assert [s["organisation"] for s in body["signatories"]] == [world.collectivite.pk]
    assert response["ETag"]
    again = client_for(world.reader).get(
        f"/api/v1/contracts/{world.contract.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_contracts_filter_by_region_status_search_and_organisation(world):
    client = client_for(world.admin)
    region = world.contract.ars.region_id
    assert ids(client.get(f"/api/v1/contracts/?region={region}")) == [world.contract.pk]
    assert ids(client.get("/api/v1/contracts/?search=craon")) == [world.other_contract.pk]
    assert ids(client.get(f"/api/v1/contracts/?organisation={world.collectivite.pk}")) == [
        world.contract.pk
    ]
    assert ids(client.get("/api/v1/contracts/?status=scoping")) == []
    assert len(ids(client.get("/api/v1/contracts/?status=implementation"))) == 2
    departement = world.contract.territory.communes.first().departement_id
    assert ids(client.get(f"/api/v1/contracts/?departement={departement}")) == [world.contract.pk]


def test_an_invalid_filter_value_is_a_400_not_a_500(world):
    client = client_for(world.admin)
    for query in ("status=nope", "region=%00", "updated_since=hier", "generation=0", "territory=x"):
        response = client.get(f"/api/v1/contracts/?{query}")
        assert response.status_code == 400, query
        assert response.json()["code"] == "invalid"


def test_updated_since_returns_what_changed_in_a_stable_order(world):
    client = client_for(world.admin)
    Contract.objects.update(updated_at=timezone.now() - datetime.timedelta(days=2))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/contracts/", {"updated_since": since})) == []
    world.contract.summary = "Nouveau préambule"
    world.contract.save()
    assert ids(client.get("/api/v1/contracts/", {"updated_since": since})) == [world.contract.pk]


def test_lists_are_ordered_by_change_then_id(world):
    client = client_for(world.admin)
    moment = timezone.now()
    Contract.objects.update(updated_at=moment)
    extra = ContractFactory()
    Contract.objects.filter(pk=extra.pk).update(updated_at=moment)
    assert ids(client.get("/api/v1/contracts/")) == sorted(
        [world.contract.pk, world.other_contract.pk, extra.pk]
    )


def test_pagination_has_next_previous_and_a_maximum_size_but_no_count(world):
    client = client_for(world.admin)
    first = client.get("/api/v1/contracts/?page_size=1").json()
    assert "count" not in first
    assert "after=" in first["next"] and first["next"].endswith("page_size=1")
    assert first["previous"] is None
    assert len(first["results"]) == 1
    second = client.get(first["next"]).json()
    seen = [row["id"] for page in (first, second) for row in page["results"]]
    assert sorted(seen) == sorted([world.contract.pk, world.other_contract.pk])
    assert second["next"] is None
    big = client.get("/api/v1/contracts/?page_size=100000")
    assert big.status_code == 200
    refused = client.get("/api/v1/contracts/?page=2")
    assert refused.status_code == 400
    assert "suivez le lien" in str(refused.json()["details"]["page"])


def test_axes_and_objectives_follow_their_contract(world):
    objective = ObjectiveFactory(axis=world.axis)
    other_axis = AxisFactory(contract=world.other_contract)
    client = client_for(world.reader)
    assert ids(client.get("/api/v1/axes/")) == [world.axis.pk]
    assert ids(client.get("/api/v1/objectives/")) == [objective.pk]
    assert client.get(f"/api/v1/axes/{other_axis.pk}/").status_code == 404


def test_deleted_contract_is_told_to_its_region_only(world):
    client = client_for(world.other_agent)
    contract_id = world.other_contract.pk
    world.other_contract.delete()
    deletions = client.get("/api/v1/deletions/?resource=contracts").json()["results"]
    assert [d["object_id"] for d in deletions] == [str(contract_id)]
    assert client_for(world.agent).get("/api/v1/deletions/").json()["results"] == []


@pytest.fixture
def reports(world):
    return (
        EvaluationReport.objects.create(
            contract=world.contract, kind=ReportKind.ANNUAL_REVIEW, period="2025"
        ),
        EvaluationReport.objects.create(
            contract=world.contract,
            kind=ReportKind.ANNUAL_REVIEW,
            period="2025",
            includes_confidential=True,
        ),
    )


def test_reports_with_confidential_actions_are_for_the_coordination(world, reports):
    public, confidential = reports
    assert ids(client_for(world.reader).get("/api/v1/reports/")) == [public.pk]
    assert set(ids(client_for(world.coordinator).get("/api/v1/reports/"))) == {
        public.pk,
        confidential.pk,
    }
    assert client_for(world.other_agent).get(f"/api/v1/reports/{public.pk}/").status_code == 404
    response = client_for(world.reader).get(f"/api/v1/reports/{confidential.pk}/")
    assert response.status_code == 404


def test_referential_and_organisations_are_shared_by_every_caller(world):
    client = client_for(world.reader)
    commune = world.contract.territory.communes.first()
    assert client.get(f"/api/v1/communes/{commune.code}/").json()["name"] == commune.name
    region = client.get(f"/api/v1/regions/{commune.region_id}/").json()
    assert region["code"] == commune.region_id
    departements = client.get(f"/api/v1/departements/?region={commune.region_id}").json()
    assert [d["code"] for d in departements["results"]] == [commune.departement_id]
    assert (
        client.get(f"/api/v1/communes/?departement={commune.departement_id}").json()["count"] == 1
    )
    territories = client.get(f"/api/v1/territories/?commune={commune.code}").json()
    assert [t["id"] for t in territories["results"]] == [world.contract.territory_id]
    assert client.get("/api/v1/epcis/").status_code == 200
    organisations = client.get("/api/v1/organisations/?search=Belle-Île").json()
    assert [o["id"] for o in organisations["results"]] == [world.collectivite.pk]


def test_contracts_moving_forward_appear_in_a_status_filter(world):
    Contract.objects.filter(pk=world.contract.pk).update(status=ContractStatus.EVALUATION)
    client = client_for(world.agent)
    assert ids(client.get("/api/v1/contracts/?status=evaluation&status=signed")) == [
        world.contract.pk
    ]
