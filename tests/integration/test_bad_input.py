"""Bad input never gives a 500: deep JSON, big bodies, unknown fields, repeated parameters, dates out of range."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest
from flask import Flask

from shared.http.json_input import MAX_JSON_DEPTH
from shared.web import MAX_BODY_BYTES
from tests.fuzz.apps import service_apps

pytestmark = pytest.mark.integration
DEEP = b"[" * 1100 + b"]" * 1100
POSTS = [
    ("scrapers", "/scrape"),
    ("scrapers", "/evaluate"),
    ("scrapers", "/execute-workflows"),
    ("scrapers", "/execute-workflow"),
    ("analytics", "/process"),
    ("analytics", "/process-date-range"),
    ("analytics", "/circuits/reset"),
    ("freshness", "/"),
]


@pytest.fixture(scope="module")
def apps(bq_endpoint, tmp_path_factory) -> Iterator[dict[str, Flask]]:
    """The three services on one warehouse stand-in project (no test here changes its state), upstream stand-in."""
    with service_apps(bq_endpoint, tmp_path_factory.mktemp("bad_input")) as built:
        yield built


def error_of(response) -> tuple[int, str | None]:
    return response.status_code, response.get_json()["error"]["field"]


@pytest.mark.parametrize(("service", "path"), POSTS)
@pytest.mark.parametrize("body", [DEEP, b'{"a": ' * 1100 + b"1" + b"}" * 1100], ids=["arrays", "objects"])
def test_json_nested_1100_deep_is_400_before_parsing(apps, service, path, body):
    response = apps[service].test_client().post(path, data=body, content_type="application/json")
    assert error_of(response) == (400, "body")
    assert f"deeper than {MAX_JSON_DEPTH}" in response.get_json()["error"]["message"]


def test_deep_json_inside_a_push_envelope_is_400_naming_message_data(apps):
    envelope = {"message": {"data": base64.b64encode(DEEP).decode(), "messageId": "1"}, "subscription": "s"}
    response = apps["analytics"].test_client().post("/process", json=envelope)
    assert error_of(response) == (400, "message.data")


def test_deep_json_in_a_bearer_token_only_labels_the_caller_unknown(apps):
    claims = base64.urlsafe_b64encode(DEEP).decode().rstrip("=")
    headers = {"Authorization": f"Bearer e30.{claims}.sig"}
    response = apps["analytics"].test_client().post("/circuits/reset", json={"key": "nope:x"}, headers=headers)
    assert error_of(response) == (404, "key")


@pytest.mark.parametrize(("service", "path"), [("scrapers", "/scrape"), ("analytics", "/process"), ("freshness", "/")])
def test_a_body_over_the_limit_is_413_on_every_service(apps, service, path):
    body = b'{"pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    response = apps[service].test_client().post(path, data=body, content_type="application/json")
    assert error_of(response) == (413, "body")


@pytest.mark.parametrize(
    ("service", "path", "body", "field"),
    [
        ("scrapers", "/scrape", {"scraper": "nbac_schedule", "date": "2026-12-01", "dates": "x"}, "dates"),
        ("scrapers", "/scrape", {"scraper": "espn_roster", "team": "BOS", "deadline_s": 5}, "deadline_s"),
        ("analytics", "/process", {"table": "nba_raw.x", "game_date": "2026-12-01", "rows": 3}, "rows"),
        ("analytics", "/circuits/reset", {"key": "a:b", "force": True}, "force"),
    ],
)
def test_unknown_fields_are_400_naming_the_field(apps, service, path, body, field):
    response = apps[service].test_client().post(path, json=body)
    assert error_of(response) == (400, field)


def test_unknown_field_inside_a_push_envelope_data_is_400_but_pubsub_fields_are_fine(apps):
    def envelope(data: dict) -> dict:
        encoded = base64.b64encode(json.dumps(data).encode()).decode()
        return {"message": {"data": encoded, "message_id": "1", "orderingKey": ""}, "deliveryAttempt": 2}

    client = apps["analytics"].test_client()
    extra = client.post("/process", json=envelope({"table": "nba_raw.x", "game_date": "2026-12-01", "why": 1}))
    assert error_of(extra) == (400, "why")
    plain = client.post("/process", json=envelope({"table": "nba_raw.unknown", "game_date": "2026-12-01"}))
    assert plain.status_code == 200 and plain.get_json()["results"] == []


@pytest.mark.parametrize(
    ("service", "url", "field"),
    [
        ("freshness", "/?lookback_days=1&lookback_days=30", "lookback_days"),
        ("freshness", "/?dry_run=true&dry_run=false", "dry_run"),
        ("analytics", "/circuits?key=a&key=b", "key"),
        ("scrapers", "/workflows?x=1&x=2", "x"),
    ],
)
def test_repeated_query_parameters_are_400(apps, service, url, field):
    response = apps[service].test_client().get(url)
    assert error_of(response) == (400, field)
    assert "more than once" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(("service", "url"), [("analytics", "/circuits?verbose=1"), ("scrapers", "/scrapers?all=1")])
def test_undeclared_query_parameters_are_400_naming_them(apps, service, url):
    response = apps[service].test_client().get(url)
    assert error_of(response) == (400, url.split("?")[1].split("=")[0])


@pytest.mark.parametrize(
    ("service", "path", "body", "field"),
    [  # found by the fuzzer: year 746 reached the upstream as "746-06-28T04:56:02Z" (a 502)
        ("scrapers", "/scrape", {"scraper": "oddsa_events", "date": "0746-06-28"}, "date"),
        ("scrapers", "/evaluate", {"date": "0001-01-01"}, "date"),
        ("scrapers", "/evaluate", {"now": "9999-12-31T23:00:00-05:00"}, "now"),
        ("analytics", "/process", {"table": "nba_raw.bdl_box_scores", "game_date": "0001-01-01"}, "game_date"),
        ("analytics", "/process-date-range", {"start_date": "0001-01-01", "end_date": "0001-01-02"}, "start_date"),
        ("scrapers", "/replay", {"since": "9999-12-31T23:00:00-05:00"}, "since"),
    ],
)
def test_dates_outside_the_leagues_era_are_400_naming_the_field(apps, service, path, body, field):
    response = apps[service].test_client().post(path, json=body)
    assert error_of(response) == (400, field)


def test_workflow_windows_are_written_as_read(apps):
    """Found by the fuzzer: "09:00:00" broke the documented RFC 3339 time; windows are "HH:MM" US/Eastern."""
    workflows = apps["scrapers"].test_client().get("/workflows").get_json()["workflows"]
    assert workflows["betting_lines"]["schedule"]["window"] == ["09:00", "19:00"]


def test_json_bodies_are_read_whatever_their_content_type(apps):
    """Cloud Scheduler sends a job's JSON as application/octet-stream unless told otherwise."""
    client = apps["scrapers"].test_client()
    body = json.dumps({"workflows": ["nope"]})
    response = client.post("/evaluate", data=body, content_type="application/octet-stream")
    assert error_of(response) == (400, "workflows")


def test_a_parameter_in_both_query_and_body_is_422_naming_it(apps):
    """Found by the fuzzer: an invalid query value was accepted because the body's value replaced it."""
    response = apps["freshness"].test_client().post("/?lookback_days=-958", json={"lookback_days": 8})
    assert error_of(response) == (400, "lookback_days")  # the query string alone is already invalid
    response = apps["freshness"].test_client().post("/?lookback_days=3", json={"lookback_days": 8})
    assert error_of(response) == (422, "lookback_days")  # each valid, together a conflict the schema cannot state


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [  # found by the fuzzer: a parameter with an empty name gave an error whose field was blank
        ("get", "/?=1", None),
        ("get", "/?=1&=2", None),
        ("post", "/", {"": None}),
    ],
)
def test_a_parameter_with_an_empty_name_is_still_named(apps, method, url, body):
    response = getattr(apps["freshness"].test_client(), method)(url, json=body)
    assert error_of(response) == (400, '""')


def test_an_unknown_empty_field_in_a_scrape_body_is_named(apps):
    response = apps["scrapers"].test_client().post("/scrape", json={"scraper": "nbac_schedule", "": 1})
    assert error_of(response) == (400, '""')
