"""Each performance device (config/fastpaths) gives what the framework's own path gives: the same
page, the same answer, the same file, whether it is on or switched off."""

import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.html import parse_html
from django.urls import reverse
from openpyxl import load_workbook

from config import fastpaths
from tests.actions.factories import ActionFactory, FundingLineFactory
from tests.api.conftest import client_for
from tests.contracts.factories import GovernanceBodyFactory
from tests.indicators.factories import (
    IndicatorDefinitionFactory,
    IndicatorFactory,
    IndicatorValueFactory,
)

pytestmark = pytest.mark.django_db
# Each form's CSRF token is masked anew at every rendering.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_a_device_is_on_until_switched_off_and_on_again_after():
    assert fastpaths.enabled("grid_cells")
    with fastpaths.switched_off("grid_cells", "form_renderer"):
        assert not fastpaths.enabled("grid_cells")
        assert not fastpaths.enabled("form_renderer")
    assert fastpaths.enabled("grid_cells") and fastpaths.enabled("form_renderer")


def test_switching_off_an_unknown_device_is_an_error():
    with pytest.raises(ValueError, match="inconnus"), fastpaths.switched_off("turbo"):
        pass


def page_html(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return parse_html(CSRF_TOKEN.sub("", response.content.decode()))


@pytest.fixture
def busy_contract(world):
    """A contract whose forms list people, organisations and actions, and whose grid has
    editable cells of both kinds, with values of each status."""
    ActionFactory.create_batch(3, axis=world.axis)
    GovernanceBodyFactory(contract=world.contract)
    ratio = IndicatorDefinitionFactory(
        numerator_label="Habitants <suivis>", denominator_label="Habitants"
    )
    IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract, definition=ratio),
        period="2025",
        value=Decimal("12.5"),
        numerator=1,
        denominator=8,
    )
    IndicatorValueFactory(
        indicator=IndicatorFactory(contract=world.contract),
        period="2024",
        status="rejected",
        review_comment="Source à préciser <INSEE>",
    )
    return world


@pytest.mark.parametrize(
    ("device", "page"),
    [
        ("form_renderer", lambda w: reverse("action_edit", args=[w.contract.pk, w.lead_action.pk])),
        ("form_renderer", lambda w: reverse("funding_add", args=[w.contract.pk, w.lead_action.pk])),
        ("checkbox_choices", lambda w: reverse("meeting_create", args=[w.contract.pk])),
        ("grid_cells", lambda w: reverse("values_grid", args=[w.contract.pk])),
    ],
)
def test_a_page_is_the_same_with_its_device_switched_off(client, busy_contract, device, page):
    client.force_login(busy_contract.coordinator)
    url = page(busy_contract)

    fast = page_html(client, url)
    with fastpaths.switched_off(device):
        plain = page_html(client, url)

    assert fast == plain


@pytest.mark.parametrize(
    ("device", "url"),
    [
        ("token_lookup", "/api/v1/indicator-values/"),
        ("json_rows", "/api/v1/actions/"),
        ("row_sql_cached", "/api/v1/actions/"),
        ("prepared_statements", "/api/v1/contracts/"),
    ],
)
def test_an_api_answer_is_the_same_with_its_device_switched_off(busy_contract, device, url):
    client = client_for(busy_contract.agent)

    fast = client.get(url)
    with fastpaths.switched_off(device):
        plain = client.get(url)

    assert fast.status_code == plain.status_code == 200
    assert fast.json() == plain.json()


def test_the_plan_export_is_the_same_with_the_collector_running(client, busy_contract):
    FundingLineFactory(action=busy_contract.lead_action)
    client.force_login(busy_contract.coordinator)
    url = reverse("plan_export", args=[busy_contract.contract.pk])

    def cells(response):
        workbook = load_workbook(io.BytesIO(response.content))
        return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}

    fast = cells(client.get(url))
    with fastpaths.switched_off("collector_pause"):
        plain = cells(client.get(url))

    assert fast == plain


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JSON made by PostgreSQL")
def test_the_database_makes_the_api_page_the_serializer_would(busy_contract):
    client = client_for(busy_contract.agent)

    database = client.get("/api/v1/actions/").json()
    with fastpaths.switched_off("json_rows"):
        serializer = client.get("/api/v1/actions/").json()

    assert database == serializer and database["results"]
