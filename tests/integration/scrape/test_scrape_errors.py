"""Upstream trouble and bad input through real HTTP: each fault → /scrape status, run row, nothing loaded."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from services.scrapers.app import create_app
from shared.settings import load_settings
from shared.warehouse import Warehouse
from tests.fixtures.samples import sample_bytes
from tests.integration.fake_upstream import Fault
from tests.integration.scrape.support import KEYS, count, runs, scrape_settings

pytestmark = pytest.mark.integration
EVENTS = {"scraper": "oddsa_events", "date": "2024-01-24"}
PROPS = {"scraper": "oddsa_player_props", "event_id": "f54c4a22568ce9dc33fb410d1b0e75e9"}
BOX = {"scraper": "bdl_box_scores", "date": "2024-01-15"}
INJURIES = {"scraper": "bdl_injuries"}


@pytest.fixture(scope="module")
def shared(bq_endpoint, tmp_path_factory, upstream):
    """One warehouse for the fault table (faults load nothing; runs are looked up by run_id).

    Budgets are off: the 401 case would otherwise close the Odds API for the cases after it (tested on its own
    in tests/integration/test_upstream_budgets.py)."""
    base = load_settings(
        bq_endpoint=bq_endpoint,
        gcp_project=f"t-{uuid.uuid4().hex[:10]}",
        auth_enabled=False,
        bq_retry_deadline_s=3,
        archive_dir=tmp_path_factory.mktemp("archive"),
    )
    warehouse = Warehouse.from_settings(base)
    warehouse.ensure_tables()
    settings = scrape_settings(base, upstream.url, budget_enabled=False)
    return warehouse, create_app(settings, warehouse=warehouse).test_client()


FAULTS = [
    # (scrape, fault, HTTP status, error code, message fragment, Retry-After passed on)
    (EVENTS, Fault(429, sample_bytes("oddsapi_error_429_exceeded_freq_limit.json"), {"Retry-After": "7"}),
     503, "upstream_retriable", "HTTP 429: EXCEEDED_FREQ_LIMIT", "7"),
    (BOX, Fault(429, b'{"error": "Too Many Requests"}'), 503, "upstream_retriable", "HTTP 429", None),
    (BOX, Fault(500, b"oops"), 503, "upstream_retriable", "HTTP 500: oops", None),
    (EVENTS, Fault(502, b"<html>Bad Gateway</html>"), 503, "upstream_retriable", "HTTP 502", None),
    (EVENTS, Fault(503, b"", {"Retry-After": "2"}), 503, "upstream_retriable", "HTTP 503", "2"),
    (BOX, Fault(slow_s=1.0), 503, "upstream_retriable", "timeout", None),
    (EVENTS, Fault(reset=True), 503, "upstream_retriable", "connection error", None),
    (PROPS, Fault(401, sample_bytes("oddsapi_error_401_out_of_usage_credits.json"), {"x-requests-remaining": "0"}),
     502, "quota_exhausted", "quota exhausted", None),
    # An unknown event named by the caller is the caller's 404 naming event_id, not an upstream failure.
    (PROPS, Fault(404, sample_bytes("oddsapi_error_404_event_not_found.json")), 404, "not_found",
     "HTTP 404: EVENT_NOT_FOUND", None),
    (PROPS, Fault(422, sample_bytes("oddsapi_error_422_invalid_market.json")), 502, "upstream_fatal", "INVALID_MARKET",
     None),
    (BOX, Fault(401, sample_bytes("bdl_error.json")), 502, "upstream_fatal", "HTTP 401: Unauthorized", None),
    (BOX, Fault(403, b""), 502, "upstream_fatal", "HTTP 403: empty body", None),
    (BOX, Fault(body=b"<!DOCTYPE html><html><body>Access Denied</body></html>"), 502, "upstream_fatal",
     "body is HTML, not JSON", None),
    (EVENTS, Fault(truncate=True), 502, "upstream_fatal", "malformed JSON", None),
    (INJURIES, Fault(truncate=True), 502, "upstream_fatal", "malformed JSON", None),
    (BOX, Fault(body=b'{"games": []}'), 502, "upstream_fatal", "wrong shape: 'data' is missing or not a list", None),
    (EVENTS, Fault(body=b'{"data": []}'), 502, "upstream_fatal", "wrong shape: expected a JSON array, got dict", None),
    (PROPS, Fault(body=b'{"id": "x", "bookmakers": [{"key": "dk"}]}'), 502, "upstream_fatal",
     "wrong shape: KeyError 'commence_time'", None),
]  # fmt: skip


@pytest.mark.parametrize(("scrape", "fault", "status", "code", "fragment", "retry_after"), FAULTS)
def test_upstream_fault_becomes_a_failed_run(shared, upstream, scrape, fault, status, code, fragment,
                                             retry_after):  # fmt: skip
    warehouse, client = shared
    upstream.clear()
    upstream.fault = fault
    response = client.post("/scrape", json=scrape)
    error = response.get_json()["error"]
    assert response.status_code == status, error
    assert error["code"] == code and fragment in error["message"]
    assert response.headers.get("Retry-After") == retry_after
    assert error["run_id"] and error["scraper"] == scrape["scraper"]
    table = f"nba_raw.{scrape['scraper'].replace('espn_roster', 'espn_rosters')}"
    assert count(warehouse, table) == 0
    [run] = [r for r in runs(warehouse) if r["run_id"] == error["run_id"]]
    assert (run["status"], run["rows"], run["scraper"]) == ("failed", 0, scrape["scraper"])
    assert fragment in run["error_message"]
    for secret in KEYS.values():
        assert secret not in error["message"] and secret not in run["error_message"]


def test_a_row_that_does_not_fit_is_refused_once_at_the_warehouse_naming_the_field(shared, upstream):
    warehouse, client = shared
    upstream.clear()
    loads_before = warehouse.calls["load"]
    no_game_id = {"nba": {"Table": {"rows": [{"game_id": None, "official1": "A B"}]}}}
    upstream.fault = Fault(body=json.dumps(no_game_id).encode())
    response = client.post("/scrape", json={"scraper": "nbac_referee_assignments", "date": "2025-01-08"})
    error = response.get_json()["error"]
    assert response.status_code == 502, error
    assert (error["code"], error["field"]) == ("upstream_fatal", "game_id")
    assert "upstream data does not fit" in error["message"] and "'game_id' is REQUIRED" in error["message"]
    assert Path(error["archive_path"]).is_file()  # archived before the rows were refused
    assert warehouse.calls["load"] == loads_before and count(warehouse, "nba_raw.nbac_referee_assignments") == 0
    [run] = [r for r in runs(warehouse) if r["run_id"] == error["run_id"]]
    assert run["status"] == "failed" and "'game_id' is REQUIRED" in run["error_message"]


def test_retriable_then_fine_on_retry(client, warehouse, upstream):
    upstream.fault = Fault(500, b"")
    assert client.post("/scrape", json=BOX).status_code == 503
    upstream.clear()
    assert client.post("/scrape", json=BOX).status_code == 200
    assert [r["status"] for r in runs(warehouse)] == ["failed", "success"]
    assert count(warehouse, "nba_raw.bdl_box_scores") == 8


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"scraper": "nope"}, "scraper", "known scrapers: bdl_box_scores, bdl_injuries, bp_events"),
        ({}, "scraper", "unknown scraper None"),
        ({"scraper": "oddsa_events"}, "date", "date: Field required"),
        ({"scraper": "oddsa_events", "date": "24/01/2024"}, "date", "YYYY-MM-DD"),
        ({"scraper": "bdl_box_scores", "date": "2024-13-01"}, "date", "date"),
        ({"scraper": "oddsa_player_props"}, "event_id", "Field required"),
        ({"scraper": "oddsa_player_props", "event_id": "../../etc"}, "event_id", "pattern"),
        ({"scraper": "bp_player_props", "event_id": "abc", "date": "2021-10-21"}, "event_id", "positive integer"),
        ({"scraper": "espn_roster"}, "team", "Field required"),
        ({"scraper": "espn_roster", "team": "XYZ"}, "team", "unknown team 'XYZ'"),
    ],
)
def test_bad_input_is_400_naming_the_field(settings, upstream, body, field, fragment):
    upstream.clear()
    untouched = Warehouse.from_settings(settings)  # bad input is rejected before any warehouse call
    client = create_app(scrape_settings(settings, upstream.url), warehouse=untouched).test_client()
    response = client.post("/scrape", json=body)
    error = response.get_json()["error"]
    assert response.status_code == 400
    assert error["field"] == field and fragment in error["message"]
    assert upstream.requests == [] and sum(untouched.calls.values()) == 0


def test_non_json_body_is_400(client):
    response = client.post("/scrape", data="scraper=oddsa_events", content_type="text/plain")
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "body"
