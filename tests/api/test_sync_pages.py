"""Lists a partner synchronises page by position, without a count
(config/api_tools.SyncPagination): a tool following `next` sees every row, even when rows
change while it pages, and each page costs one query wherever it is in the list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action
from contracts.models import Axis
from tests.actions.factories import ActionFactory
from tests.api.conftest import client_for
from tests.contracts.factories import AxisFactory
from tests.territories.factories import RegionFactory

# Actions are made by PostgreSQL there (config/fastpaths/json_rows.py), axes always by their serializer.
LISTS = {
    "actions": (Action, lambda world: ActionFactory(axis=world.axis)),
    "axes": (Axis, lambda world: AxisFactory(contract=world.contract)),
}


@pytest.fixture(params=LISTS)
def listed(request, world):
    """(url, model, all the ids the agent sees) of a list holding seven rows."""
    model, make = LISTS[request.param]
    rows = model.objects.filter(contract=world.contract)
    for _ in range(7 - rows.count()):
        make(world)
    return f"/api/v1/{request.param}/", model, set(rows.values_list("pk", flat=True))


def ids(page: dict) -> list:
    return [row["id"] for row in page["results"]]


def walk(client, url, query=None) -> list[dict]:
    """Every page from `url` on, following `next`."""
    pages = [client.get(url, query).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    return pages


def test_following_next_shows_every_row_once(world, listed):
    url, _, every = listed
    pages = walk(client_for(world.agent), url, {"page_size": 3})

    seen = [pk for page in pages for pk in ids(page)]
    assert sorted(seen) == sorted(every)
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert all(set(page) == {"next", "previous", "results"} for page in pages)
    assert all("after=" in page["next"] for page in pages[:-1])


def test_a_row_changed_while_paging_does_not_hide_another(world, listed):
    """With page numbers, the changed row moved to the end and the rows behind it moved up one
    place: the one crossing into the first page was never seen."""
    url, model, every = listed
    client = client_for(world.agent)
    first = client.get(url, {"page_size": 3}).json()

    changed = ids(first)[0]
    model.objects.filter(pk=changed).update(updated_at=timezone.now())
    rest = walk(client, first["next"])

    seen = ids(first) + [pk for page in rest for pk in ids(page)]
    assert set(seen) == every
    assert seen[-1] == changed


def test_previous_leads_back_to_the_rows_before(world, listed):
    url, _, _ = listed
    client = client_for(world.agent)
    first = client.get(url, {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert "before=" in second["previous"]
    assert ids(back) == ids(first)
    assert back["previous"] is None
    assert ids(client.get(back["next"]).json()) == ids(second)


def test_a_page_number_is_refused_with_the_way_to_follow(world, listed):
    url, _, _ = listed
    response = client_for(world.agent).get(url, {"page_size": 3, "page": 2})

    assert response.status_code == 400
    assert "suivez le lien « next »" in str(response.json()["details"]["page"])


def test_a_page_reads_only_its_own_rows_and_counts_nothing(world, listed):
    """Each page is one bounded query from its position: no count of the whole list, no rows
    before the page read and thrown away."""
    url, _, _ = listed
    client = client_for(world.agent)
    first = client.get(url, {"page_size": 3}).json()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(first["next"])

    assert len(response.json()["results"]) == 3
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
    [paged] = [query["sql"] for query in queries if "LIMIT 4" in query["sql"]]
    assert "OFFSET" not in paged


@pytest.mark.parametrize(
    "query",
    [
        {"after": "hier"},
        {"after": "2026-11-22T08:30:00.000000Z_abc"},
        {"after": "2026-11-22T08:30:00_12"},  # no time zone: ambiguous
        {"before": f"2026-11-22T08:30:00.000000Z_{2**63}"},
        {"after": "2026-11-22T08:30:00.000000Z_1", "before": "2026-11-22T08:30:00.000000Z_9"},
    ],
)
def test_a_bad_position_is_a_400_in_french(world, listed, query):
    url, _, _ = listed
    response = client_for(world.agent).get(url, query)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["details"]) <= {"after", "before"}
    assert "Position invalide" in str(body["details"]) or "ne se combinent pas" in str(body)


def test_a_position_beyond_the_end_gives_an_empty_page(world, listed):
    url, _, _ = listed
    later = timezone.now() + datetime.timedelta(days=1)
    position = f"{later.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%S.%fZ}_1"

    page = client_for(world.agent).get(url, {"after": position}).json()

    assert page == {"next": None, "previous": None, "results": []}


def test_the_geographic_referential_pages_by_number_with_a_count(world):
    RegionFactory.create_batch(3)

    first = client_for(world.agent).get("/api/v1/regions/", {"page_size": 1}).json()

    assert "page=2" in first["next"] and "after" not in first["next"]
    assert first["count"] >= 3


def test_a_numbered_page_of_the_referential_reads_only_its_own_rows(world):
    """Past the first page, the rows before it are skipped by their keys alone, not built in
    full and thrown away (config/api_tools.numbered_page)."""
    RegionFactory.create_batch(7)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(world.agent).get("/api/v1/regions/", {"page_size": 3, "page": 2})

    assert len(response.json()["results"]) == 3
    [paged] = [query["sql"] for query in queries if "OFFSET" in query["sql"]]
    # The offset is the subquery's, which reads keys only.
    assert re.search(r'IN \(SELECT .*"code" AS "pk" FROM .* LIMIT 3 OFFSET 3\)', paged)
