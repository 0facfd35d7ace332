"""Query counts of the smaller pages, constant in the number of rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.services import api_token_create
from tests.actions.factories import ActionFactory
from tests.actors.factories import OrganisationFactory, PersonFactory
from tests.contracts.factories import ContractFactory, MeetingFactory
from tests.reports.factories import EvaluationReportFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_public_directory_query_count_does_not_grow(client, db):
    counts = []
    for _ in range(2):
        ContractFactory.create_batch(3)
        counts.append(count_queries(client, reverse("public_directory")))
    # 1. count of public contracts; 2. the page with territory, ARS and région joined;
    # 3-4. the régions and départements of the filters.
    assert counts == [4, 4]


@pytest.mark.parametrize("page", ["meeting_detail", "meeting_edit"])
def test_meeting_pages_query_count_does_not_grow(client, world, page):
    meeting = MeetingFactory(body__contract=world.contract)
    client.force_login(world.coordinator)
    url = reverse(page, args=[world.contract.pk, meeting.pk])
    counts = []
    for _ in range(2):
        meeting.attendees.add(*PersonFactory.create_batch(3))
        meeting.attending_organisations.add(*OrganisationFactory.create_batch(3))
        meeting.reviewed_actions.add(ActionFactory(axis=world.axis))
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


def test_report_detail_query_count_does_not_grow(client, world):
    report = EvaluationReportFactory(contract=world.contract)
    client.force_login(world.agent)
    url = reverse("report_detail", args=[report.pk])
    first = count_queries(client, url)
    EvaluationReportFactory.create_batch(3, contract=world.contract)
    assert count_queries(client, url) == first


def test_account_page_query_count_does_not_grow(client, world):
    client.force_login(world.coordinator)
    api_token_create(user=world.coordinator, name="Premier", scopes=["read"])
    first = count_queries(client, reverse("account"))
    for n in range(3):
        api_token_create(user=world.coordinator, name=f"Outil {n}", scopes=["read"])
    assert count_queries(client, reverse("account")) == first
