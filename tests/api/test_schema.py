"""The OpenAPI schema, the interactive documentation, and Schemathesis over every operation.

Schemathesis generates valid and invalid requests for every operation of the schema and sends
them to the WSGI application with a token holding every scope: any server error, or any answer
the schema does not describe (status, content type, body, headers), fails the test.
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from actors.models import ApiToken
from config.wsgi import application
from tests.actions.factories import ActionUpdateFactory
from tests.api.conftest import token_for
from tests.contracts.factories import GovernanceBodyFactory, MeetingFactory
from tests.indicators.factories import IndicatorFactory, IndicatorValueFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=12
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def test_schema_describes_every_resource_in_french(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    for resource in (
        "contracts",
        "axes",
        "objectives",
        "signatories",
        "amendments",
        "actions",
        "action-notes",
        "indicators",
        "indicator-values",
        "organisations",
        "regions",
        "departements",
        "epcis",
        "communes",
        "territories",
        "meetings",
        "governance-bodies",
        "reports",
        "deletions",
    ):
        assert f"/api/v1/{resource}/" in paths, resource
    assert "/api/v1/indicators/{id}/values/{period}/" in paths
    contract = document["components"]["schemas"]["Contract"]["properties"]
    assert contract["title"]["description"] == "Intitulé"
    filters = {p["name"]: p for p in paths["/api/v1/contracts/"]["get"]["parameters"]}
    assert filters["updated_since"]["description"].startswith("Seulement les objets")


def test_schema_is_valid_openapi_without_any_warning(tmp_path):
    # drf-spectacular's own check: every view, serializer and field resolved, nothing guessed.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


def test_schema_says_sync_lists_page_by_position_and_the_referential_by_number(client):
    document = client.get("/api/schema/?format=json").json()
    schemas, paths = document["components"]["schemas"], document["paths"]

    def parameters(resource):
        return {p["name"] for p in paths[f"/api/v1/{resource}/"]["get"]["parameters"]}

    assert set(schemas["PaginatedValueList"]["properties"]) == {
        "next",
        "previous",
        "results",
    }
    assert {"after", "before", "page_size"} <= parameters("indicator-values")
    assert "page" not in parameters("indicator-values")
    assert "count" in schemas["PaginatedCommuneList"]["properties"]
    assert "page" in parameters("communes")


def test_interactive_docs_are_served_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "https://" not in page


@pytest.fixture
def full_token(world):
    """A coordinator's token with every scope, and something of each kind to read and write."""
    IndicatorValueFactory(indicator=IndicatorFactory(contract=world.contract))
    MeetingFactory(body=GovernanceBodyFactory(contract=world.contract))
    ActionUpdateFactory(action=world.lead_action)
    key = token_for(world.coordinator)
    ApiToken.objects.update(last_used_at=None)
    return key


@pytest.fixture
def wsgi_in_test_transaction():
    # Like Django's test client: a request must not close the connection holding the test's
    # transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(
    case, full_token, wsgi_in_test_transaction, monkeypatch
):
    # Thousands of calls with one token: the throttle is tested elsewhere.
    monkeypatch.setattr("actors.throttling.PerTokenThrottle.allow_request", lambda *a: True)
    case.call_and_validate(headers={"Authorization": f"Token {full_token}"}, checks=CHECKS)
