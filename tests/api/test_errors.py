"""Errors are JSON with a code, a French message and field details; bad input is never a 500;
each token has its own budget of calls, and a 429 says when to come back."""

from types import SimpleNamespace

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from actors.throttling import PerTokenThrottle
from tests.api.conftest import client_for
from tests.indicators.factories import IndicatorFactory


def assert_error(response, status_code, code):
    assert response.status_code == status_code, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert body["message"]
    return body


def test_malformed_json_is_a_400_in_french(world):
    response = client_for(world.coordinator).patch(
        f"/api/v1/actions/{world.lead_action.pk}/",
        data="{pas du json",
        content_type="application/json",
    )
    body = assert_error(response, 400, "parse_error")
    assert body["message"] == "Le corps de la requête n'est pas un JSON valide."


def test_another_media_type_is_a_415(world):
    response = client_for(world.coordinator).patch(
        f"/api/v1/actions/{world.lead_action.pk}/", data="title=x", content_type="text/plain"
    )
    assert_error(response, 415, "unsupported_media_type")


def test_a_method_the_resource_does_not_offer_is_a_405(world):
    response = client_for(world.admin).delete(f"/api/v1/contracts/{world.contract.pk}/")
    assert_error(response, 405, "method_not_allowed")


def test_field_errors_are_listed_field_by_field(world):
    response = client_for(world.coordinator).patch(
        f"/api/v1/actions/{world.lead_action.pk}/",
        {"status": "fini", "starts_on": "hier", "title": ""},
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert set(body["details"]) == {"status", "starts_on", "title"}


def test_a_rule_of_a_service_comes_back_as_a_field_error(world):
    response = client_for(world.coordinator).patch(
        f"/api/v1/actions/{world.lead_action.pk}/",
        {"starts_on": "2027-01-01", "planned_end_on": "2026-01-01"},
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert body["details"] == {"non_field_errors": ["La fin prévue précède le début de l'action."]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/contracts/99999999999999999999999/",
        "/api/v1/contracts/abc/",
        "/api/v1/actions/-1/",
        "/api/v1/communes/%00/",
        "/api/v1/indicators/99999999999999999999999/values/2025/",
    ],
)
def test_absurd_identifiers_are_404s(world, url):
    assert_error(client_for(world.admin).get(url), 404, "not_found")


def test_absurd_filter_values_are_400s(world):
    client = client_for(world.admin)
    for query in ("contract=99999999999999999999999", "page_size=-3", "updated_since=2025-13-45"):
        response = client.get(f"/api/v1/actions/?{query}")
        assert response.status_code in (200, 400), query


def test_a_value_too_large_for_the_database_is_refused(world):
    indicator = IndicatorFactory(contract=world.contract)
    response = client_for(world.coordinator).put(
        f"/api/v1/indicators/{indicator.pk}/values/2025/",
        {"value": "1e30"},
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert "value" in body["details"]


def test_too_many_calls_with_one_token_answer_429_with_retry_after(world, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    client = client_for(world.reader)
    for _ in range(3):
        assert client.get("/api/v1/contracts/").status_code == 200
    response = client.get("/api/v1/contracts/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    # Another token of the same owner has its own budget.
    assert client_for(world.reader).get("/api/v1/contracts/").status_code == 200


def test_the_budget_is_counted_in_the_cache_at_once_by_concurrent_calls(world, monkeypatch):
    """Each call adds itself to its window's counter in one cache operation: two calls at the
    same moment cannot both read a history with room left and both pass."""
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "2/minute"})
    request, view = SimpleNamespace(auth=None, user=world.reader), None
    throttles = [PerTokenThrottle() for _ in range(3)]

    assert [throttle.allow_request(request, view) for throttle in throttles] == [True, True, False]
    assert 0 < throttles[2].wait() <= 60


def test_an_unreachable_cache_lets_calls_through_and_says_so(world, monkeypatch, caplog):
    """Redis down: the throttle fails open (and logs it) rather than the whole API failing."""

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(PerTokenThrottle.cache, "add", unreachable)
    client = client_for(world.reader)

    assert [client.get("/api/v1/contracts/").status_code for _ in range(2)] == [200, 200]
    assert "laissé passer" in caplog.text


def test_nul_characters_are_refused_before_reaching_the_database(world):
    client = client_for(world.admin)
    assert client.get("/api/v1/communes/%00/").status_code == 404
    assert client.get("/api/v1/communes/?search=%00").status_code == 400


@pytest.mark.parametrize(
    "moment", ["4364-06-14T16:57:59-19:43", "0001-01-01T00:00:00+05:00", "2026-02-30T00:00"]
)
def test_odd_but_parsable_moments_are_handled(world, moment):
    response = client_for(world.admin).get("/api/v1/territories/", {"updated_since": moment})
    assert response.status_code in (200, 400)


def test_nul_characters_in_a_body_are_refused(world):
    response = client_for(world.coordinator).post(
        "/api/v1/actions/",
        {
            "contract": world.contract.pk,
            "axis": world.axis.pk,
            "number": "1.7",
            "title": "a",
            "themes": ["pre\x00vention"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["details"]["non_field_errors"]


@pytest.mark.parametrize("depth", [25, 350, 5000])
def test_deeply_nested_json_is_a_400_in_the_api_s_shape(world, depth):
    body = '{"value": ' + "[" * depth + "]" * depth + "}"
    response = client_for(world.coordinator).generic(
        "POST", "/api/v1/indicator-values/batch/", body, content_type="application/json"
    )

    body = assert_error(response, 400, response.json()["code"])
    assert body["code"] in ("invalid", "parse_error")


def test_a_body_over_the_size_limit_is_a_413_before_it_is_read(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_for(world.coordinator).generic(
        "POST",
        "/api/v1/indicator-values/batch/",
        '{"values": [' + ",".join(["{}"] * 600) + "]}",
        content_type="application/json",
    )

    body = assert_error(response, 413, "too_large")
    assert "taille autorisée" in body["message"]
