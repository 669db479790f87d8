"""The analytics endpoints over the Flask test client, against the stand-in, with shared circuits."""

import base64
import json
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.analytics.app import create_app
from tests.integration import analytics_dataset as ds

pytestmark = pytest.mark.integration
PROPS = {"table": "nba_raw.oddsa_player_props", "game_date": "2026-11-28"}
INJURIES = {"table": "nba_raw.bdl_injuries", "game_date": "2026-11-28"}  # triggers only the upcoming context
UPCOMING_KEY = "upcoming_player_game_context:2026-11-28"


def push(obj) -> dict:
    return {"message": {"data": base64.b64encode(json.dumps(obj).encode()).decode(), "messageId": "7"}}


def by_processor(body):
    return {r["processor"]: r for r in body["results"]}


@pytest.fixture
def client(settings, warehouse):
    return create_app(settings, warehouse=warehouse).test_client()


@pytest.fixture
def bare_client(settings):
    """No tables: for requests rejected before any warehouse call."""
    return create_app(settings).test_client()


@pytest.mark.parametrize(
    ("path", "body", "field", "says"),
    [
        ("/process", {"message": {"data": "%%%"}}, "message.data", "not valid base64"),
        ("/process", {"message": {"data": base64.b64encode(b"{oops").decode()}}, "message.data", "not valid JSON"),
        ("/process", push({"game_date": "2026-11-28"}), "table", "table"),
        ("/process", {"table": "nba_raw.oddsa_player_props", "game_date": "28/11/2026"}, "game_date", "date"),
        (
            "/process-date-range",
            {"start_date": "2026-11-28", "end_date": "2026-11-28", "processors": ["player_game_summary", "nope"]},
            "processors",
            "known: player_game_summary, upcoming_player_game_context",
        ),
        ("/circuits/reset", {}, "key", "key"),
    ],
)
def test_bad_requests_are_400_naming_the_field(bare_client, path, body, field, says):
    response = bare_client.post(path, json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == field
    assert says in error["message"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"start_date": "2026-11-28", "end_date": "2026-11-27"}, "before"),
        ({"start_date": "2025-01-01", "end_date": "2026-11-27"}, "max_range_days"),
    ],
)
def test_a_range_valid_field_by_field_but_reversed_or_too_long_is_422(bare_client, body, says):
    error = bare_client.post("/process-date-range", json=body)
    assert error.status_code == 422 and error.get_json()["error"]["field"] == "end_date"
    assert says in error.get_json()["error"]["message"]


@pytest.mark.parametrize("table", ["nba_raw.nbac_referee_assignments", "nba_raw.nope", "../../x"])
def test_a_plain_notice_for_a_table_no_processor_reads_is_400_naming_table(bare_client, table):
    response = bare_client.post("/process", json={"table": table, "game_date": "2026-11-28"})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "table" and "known: nba_raw.bdl_box_scores" in error["message"]


@pytest.mark.parametrize("table", ["nba_raw.nbac_referee_assignments", "nba_raw.nope", "../../x"])
def test_a_pushed_notice_for_a_table_no_processor_reads_is_acknowledged_and_logged(bare_client, table, caplog):
    with caplog.at_level(logging.INFO):
        response = bare_client.post("/process", json=push({"table": table, "game_date": "2026-11-28"}))
    assert response.status_code == 200  # a refusal would only be redelivered by Pub/Sub
    assert response.get_json() == {
        "table": table, "game_date": "2026-11-28", "results": [], "ignored": "no processor reads this table"
    }  # fmt: skip
    fields = [getattr(r, "json_fields", {}) for r in caplog.records]
    [logged] = [f for f in fields if f.get("event") == "process_ignored"]
    assert (logged["table"], logged["reason"]) == (table, "no processor reads this table")


def test_process_runs_what_the_table_triggers_with_day_offsets(client, warehouse):
    ds.seed(warehouse, late_props=True)
    body = client.post("/process", json=push({"table": "nba_raw.bdl_box_scores", "game_date": "2026-11-27"})).get_json()
    results = by_processor(body)
    assert results["player_game_summary"] == {
        **results["player_game_summary"],
        "status": "processed",
        "rows": 4,
        "start_date": "2026-11-27",
    }
    assert results["upcoming_player_game_context"]["start_date"] == "2026-11-28"  # yesterday's box scores → today
    assert results["upcoming_player_game_context"]["rows"] == 5


def test_one_notice_prepares_the_players_once_for_every_processor_it_triggers(client, warehouse, monkeypatch):
    from services.analytics.registry import snapshot

    ds.seed(warehouse, late_props=True)
    checks, take = [], snapshot.take

    def counted(wh, start, end):
        checks.append((start, end))
        return take(wh, start, end)

    monkeypatch.setattr(snapshot, "take", counted)
    body = client.post("/process", json=push(PROPS)).get_json()
    assert sorted(by_processor(body)) == ["player_game_summary", "upcoming_player_game_context"]
    assert [r["status"] for r in body["results"]] == ["processed", "processed"]
    assert len(checks) == 1
    client.post("/process", json=push(PROPS))  # the next notice checks again
    assert len(checks) == 2


def test_closed_runs_cost_no_breaker_query_within_the_cache(settings, warehouse):
    ds.seed(warehouse)
    client = create_app(settings.model_copy(update={"breaker_cache_s": 60}), warehouse=warehouse).test_client()
    span = {"start_date": "2026-11-27", "end_date": "2026-11-27", "processors": ["player_game_summary"]}
    assert by_processor(client.post("/process-date-range", json=span).get_json())["player_game_summary"]["rows"] == 4
    # The same run again, players already resolved: the processor's own statements, no breaker query (cached)...
    warehouse.calls.clear()
    client.post("/process-date-range", json=span)
    warm = warehouse.calls["query"] - warehouse.calls["load"]
    # ...and once more from a new instance, whose cache is cold: the same plus the one breaker query.
    fresh = create_app(settings.model_copy(update={"breaker_cache_s": 60}), warehouse=warehouse).test_client()
    warehouse.calls.clear()
    assert by_processor(fresh.post("/process-date-range", json=span).get_json())["player_game_summary"]["rows"] == 4
    assert warehouse.calls["query"] - warehouse.calls["load"] == warm + 1


def test_missing_props_open_a_circuit_shared_by_instances_that_closes_when_they_load(settings, warehouse, caplog):
    ds.seed(warehouse, game_day_props=False)
    first = create_app(settings, warehouse=warehouse).test_client()
    for attempt in range(1, settings.breaker_threshold + 1):
        response = first.post("/process", json=push(INJURIES))
        assert response.status_code == 200  # a permanent failure: Pub/Sub must not redeliver
        upcoming = by_processor(response.get_json())["upcoming_player_game_context"]
        assert upcoming["status"] == "failed"
        assert "no player points props yet for 2 of 2 games: 2026-11-28 DEN@PHX (g5)" in upcoming["error"]
        assert upcoming["circuit"]["failures"] == attempt
    assert upcoming["circuit"]["state"] == "open"
    assert [
        r.json_fields["key"] for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "circuit_opened"
    ] == [UPCOMING_KEY]

    second = create_app(settings, warehouse=warehouse).test_client()
    listed = second.get("/circuits").get_json()["circuits"]
    assert [(c["key"], c["state"], c["failures"]) for c in listed] == [(UPCOMING_KEY, "open", 5)]
    assert "no player points props yet" in listed[0]["reason"] and listed[0]["until"] > listed[0]["opened_at"]
    skipped = by_processor(second.post("/process", json=push(PROPS)).get_json())
    assert skipped["upcoming_player_game_context"]["status"] == "skipped"
    assert skipped["upcoming_player_game_context"]["circuit"]["key"] == UPCOMING_KEY
    assert skipped["player_game_summary"]["status"] == "processed"  # its own circuit is closed

    # A scrape that started before the opening loads its rows after it: the load, not the start, closes it.
    ds.seed_game_day_props(warehouse, ds.LOADED)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        processed = by_processor(second.post("/process", json=push(PROPS)).get_json())
    upcoming = processed["upcoming_player_game_context"]
    assert (upcoming["status"], upcoming["rows"]) == ("processed", 5)
    assert upcoming["missing"] == ["2026-11-28 BOS@LAL (g6)"]  # one game without props does not block the other
    resets = [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "circuit_auto_reset"]
    assert [(r.levelno, r.getMessage()) for r in resets] == [
        (logging.INFO, "Auto-resetting circuit breaker for upcoming_player_game_context: upstream data now available")
    ]
    assert first.get("/circuits").get_json()["circuits"] == []


def test_one_game_without_props_is_a_partial_success_naming_it(client, warehouse):
    ds.seed(warehouse)
    for _ in range(3):
        upcoming = by_processor(client.post("/process", json=push(INJURIES)).get_json())["upcoming_player_game_context"]
        assert (upcoming["status"], upcoming["partial"], upcoming["missing"]) == (
            "processed",
            True,
            ["2026-11-28 BOS@LAL (g6)"],
        )
    assert client.get("/circuits").get_json()["circuits"] == []


def test_manual_reset_is_logged_and_auth_off_never_takes_a_header_for_who_asked(client, warehouse, caplog):
    ds.seed(warehouse)
    span = {"start_date": "2026-11-25", "end_date": "2026-11-25", "processors": ["player_game_summary"]}
    for _ in range(5):
        failed = by_processor(client.post("/process-date-range", json=span).get_json())["player_game_summary"]
    assert failed["circuit"]["state"] == "open"
    assert (
        by_processor(client.post("/process-date-range", json=span).get_json())["player_game_summary"]["status"]
        == "skipped"
    )
    key = "player_game_summary:2026-11-25"
    headers = {"X-Goog-Authenticated-User-Email": "accounts.google.com:ops@example.com"}
    with caplog.at_level(logging.INFO):
        body = client.post("/circuits/reset", json={"key": key}, headers=headers).get_json()
    assert body == {
        "key": key,
        "state": "closed",
        "previous_state": "open",
        "changed": True,
        "actor": "unknown (auth off)",  # with auth on, the verified caller (tests/integration/test_caller_identity.py)
    }
    logged = [
        r.json_fields for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "circuit_manual_reset"
    ]
    assert [(f["key"], f["actor"]) for f in logged] == [(key, "unknown (auth off)")]
    assert client.get("/circuits").get_json()["circuits"] == []
    assert (
        by_processor(client.post("/process-date-range", json=span).get_json())["player_game_summary"]["status"]
        == "failed"
    )
    missing = client.post("/circuits/reset", json={"key": "player_game_summary:1999-01-01"})
    assert missing.status_code == 404 and missing.get_json()["error"]["field"] == "key"


def test_unreachable_warehouse_is_503_so_pubsub_redelivers(tmp_path):
    from local.processes import free_port
    from shared.settings import load_settings

    settings = load_settings(bq_endpoint=f"http://127.0.0.1:{free_port()}", bq_retry_deadline_s=1, auth_enabled=False)
    response = create_app(settings).test_client().post("/process", json=push(PROPS))
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "warehouse_error"


def test_a_burst_of_notices_for_one_date_coalesces_into_at_most_two_runs(settings, warehouse):
    ds.seed(warehouse, late_props=True)
    app = create_app(settings, warehouse=warehouse)
    notice = push({"table": "nba_raw.espn_rosters", "game_date": "2026-11-28"})
    with ThreadPoolExecutor(6) as pool:
        bodies = list(pool.map(lambda _: app.test_client().post("/process", json=notice).get_json(), range(6)))
    results = [b["results"][0] for b in bodies]
    assert {(r["processor"], r["status"], r["rows"]) for r in results} == {
        ("upcoming_player_game_context", "processed", 5)
    }
    assert sum(not r.get("coalesced") for r in results) <= 2  # the first run, and one covering arrivals during it
