"""POST /scrape over real HTTP to a fake upstream, into the real warehouse stand-in."""

from __future__ import annotations

import base64
import json
import logging
import time
from pathlib import Path

import pytest

from services.scrapers.app import create_app
from tests.fixtures.samples import sample
from tests.integration.scrape.support import count, runs, scrape_settings

pytestmark = pytest.mark.integration


CASES = [
    ("nbac_schedule", {"date": "2024-10-23"}, "nba_raw.nbac_schedule", 3, "season", "2024-25"),
    ("oddsa_events", {"date": "2024-01-24"}, "nba_raw.oddsa_events", 3, "event_ids",
     ["071ee3e84d6e3ecce12d8c5e4ab4da0b", "cd0bc7d0c238f4446ce1c03d0cea7ec4", "f137689983933840bf2f2a91278eb03b"]),
    ("oddsa_player_props", {"event_id": "f54c4a22568ce9dc33fb410d1b0e75e9", "date": "2024-02-22"},
     "nba_raw.oddsa_player_props", 7, "bookmakers", ["draftkings", "fanduel", "mybookieag"]),
    ("bp_events", {"date": "2021-10-21"}, "nba_raw.bp_events", 2, "event_ids", [20879, 20880]),
    ("bp_player_props", {"event_id": 20879, "date": "2021-10-21"}, "nba_raw.bp_player_props", 6, "players",
     ["lukadoncic", "traeyoung"]),
    ("espn_roster", {"team": "BOS"}, "nba_raw.espn_rosters", 4, "injured", ["jaylenbrown", "jaysontatum"]),
    ("bdl_injuries", {}, "nba_raw.bdl_injuries", 5, "players", 5),
    ("bdl_box_scores", {"date": "2024-01-15"}, "nba_raw.bdl_box_scores", 8, "teams", ["DAL", "HOU", "NOP", "PHI"]),
    ("nbac_referee_assignments", {"date": "2025-01-08"}, "nba_raw.nbac_referee_assignments", 9, "game_ids",
     ["0022400509", "0022400510", "0022400511"]),
]  # fmt: skip


@pytest.mark.parametrize(("scraper", "params", "table", "rows", "key", "value"), CASES)
def test_each_scraper_archives_loads_and_records(client, warehouse, scraper, params, table, rows, key, value):
    response = client.post("/scrape", json={"scraper": scraper, **params})
    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["status"], body["scraper"], body["rows"]) == ("success", scraper, rows)
    assert body["data_summary"][key] == value
    assert Path(body["archive_path"]).is_file()
    assert count(warehouse, table) == rows
    loaded = warehouse.query(f"SELECT DISTINCT archive_path FROM {table}")
    assert loaded == [{"archive_path": body["archive_path"]}]
    [run] = runs(warehouse)
    assert (run["run_id"], run["status"], run["rows"], run["archive_path"]) == (
        body["run_id"], "success", rows, body["archive_path"])  # fmt: skip
    assert run["error_message"] is None and run["duration_s"] >= 0 and run["finished_at"] >= run["started_at"]
    assert json.loads(run["params"]).items() >= {k: v for k, v in params.items()}.items()


def test_same_scrape_twice_never_duplicates(client, warehouse):
    body = {"scraper": "oddsa_player_props", "event_id": "f54c4a22568ce9dc33fb410d1b0e75e9", "date": "2024-02-22"}
    first, second = client.post("/scrape", json=body).get_json(), client.post("/scrape", json=body).get_json()
    assert first["rows"] == second["rows"] == 7
    assert count(warehouse, "nba_raw.oddsa_player_props") == 7
    assert [r["status"] for r in runs(warehouse)] == ["success", "success"]
    assert first["archive_path"] != second["archive_path"]


def test_archive_path_layout_and_raw_payload(client, upstream):
    body = client.post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-24"}).get_json()
    path = Path(body["archive_path"])
    assert path.parts[-4:-1] == ("oddsapi", "events", "2024-01-24")
    assert json.loads(path.read_text()) == sample("oddsapi_events.json")


def test_bdl_cursor_pages_all_fetched_and_archived(client, warehouse, upstream):
    body = client.post("/scrape", json={"scraper": "bdl_injuries", "date": "2025-07-16"}).get_json()
    assert [r["args"].get("cursor") for r in upstream.requests] == [None, "4082934"]
    assert all(r["args"]["per_page"] == "100" for r in upstream.requests)
    archived = json.loads(Path(body["archive_path"]).read_text())
    assert [len(p["data"]) for p in archived["pages"]] == [4, 2]
    assert "next_cursor" not in archived["pages"][1]["meta"]
    tatum = warehouse.query("SELECT status, team_tricode FROM nba_raw.bdl_injuries WHERE bdl_player_id = 434")
    assert tatum == [{"status": "Out", "team_tricode": "BOS"}]


def test_bettingpros_pages_until_total_pages(client, upstream):
    client.post("/scrape", json={"scraper": "bp_player_props", "event_id": 20879, "date": "2021-10-21"})
    assert [r["args"]["page"] for r in upstream.requests] == ["1", "2"]
    assert {r["args"]["market_id"] for r in upstream.requests} == {"156"}


@pytest.mark.parametrize(
    ("scraper", "params", "where", "expected"),
    [
        ("oddsa_events", {"date": "2024-01-24"}, "args", {"apiKey": "odds-key"}),
        ("bdl_box_scores", {"date": "2024-01-15"}, "headers", {"Authorization": "bdl-key"}),
        ("bp_events", {"date": "2021-10-21"}, "headers", {"X-Api-Key": "bp-key", "Origin": "https://www.bettingpros.com"}),
        ("nbac_schedule", {}, "headers", {"Origin": "https://www.nba.com", "Referer": "https://www.nba.com/"}),
    ],
)  # fmt: skip
def test_upstream_sees_its_auth(client, upstream, scraper, params, where, expected):
    assert client.post("/scrape", json={"scraper": scraper, **params}).status_code == 200
    seen = upstream.requests[0][where]
    assert {k: seen.get(k) for k in expected} == expected


def test_no_data_is_200_and_recorded(client, warehouse):
    body = client.post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-26"}).get_json()
    assert (body["status"], body["rows"], body["data_summary"]) == ("no_data", 0, {"event_ids": []})
    assert [(r["status"], r["rows"]) for r in runs(warehouse)] == [("no_data", 0)]


def test_scrape_finished_is_logged(client, caplog):
    with caplog.at_level(logging.INFO):
        client.post("/scrape", json={"scraper": "bdl_box_scores", "date": "2024-01-15"})
    [record] = [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "scrape_finished"]
    fields = record.json_fields  # type: ignore[attr-defined]
    assert (fields["scraper"], fields["status"], fields["rows"]) == ("bdl_box_scores", "success", 8)
    assert fields["duration_s"] >= 0


def test_get_scrapers_lists_names_and_params(client):
    scrapers = {s["name"]: s for s in client.get("/scrapers").get_json()["scrapers"]}
    assert len(scrapers) == 9
    assert scrapers["oddsa_player_props"]["required"] == ["event_id"]
    assert set(scrapers["bp_player_props"]["required"]) == {"event_id", "date"}
    assert scrapers["espn_roster"]["params"]["team"]["type"] == "string"
    assert scrapers["bdl_injuries"]["table"] == "nba_raw.bdl_injuries"


def _wait_for(predicate, timeout_s=3.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.02)
    return predicate()


def test_success_notifies_analytics_with_a_push_envelope(settings, warehouse, upstream):
    upstream.clear()
    app = create_app(
        scrape_settings(settings, upstream.url, notify_mode="http", analytics_url=upstream.url), warehouse=warehouse
    )
    client = app.test_client()
    client.post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-26"})  # no_data: no message
    client.post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-24"})
    assert _wait_for(lambda: upstream.notifications)
    time.sleep(0.1)
    [envelope] = upstream.notifications
    data = json.loads(base64.b64decode(envelope["message"]["data"]))
    assert data == {"table": "nba_raw.oddsa_events", "game_date": "2024-01-24"}


def test_notify_failure_never_fails_the_scrape(settings, warehouse, upstream, caplog, monkeypatch):
    from local.processes import free_port
    from services.scrapers.pipeline import notify

    # Two quick tries instead of six within five minutes: the notice is retried once, then given up.
    monkeypatch.setattr(notify, "NOTIFY_HTTP_ATTEMPTS", 2)
    monkeypatch.setattr(notify, "NOTIFY_HTTP_RETRY_BASE_S", 0.01)
    monkeypatch.setattr(notify, "NOTIFY_HTTP_RETRY_CAP_S", 0.01)
    upstream.clear()
    dead = f"http://127.0.0.1:{free_port()}"
    app = create_app(
        scrape_settings(settings, upstream.url, notify_mode="http", analytics_url=dead), warehouse=warehouse
    )
    with caplog.at_level(logging.WARNING):
        response = app.test_client().post("/scrape", json={"scraper": "bdl_box_scores", "date": "2024-01-15"})
        assert response.status_code == 200
        assert _wait_for(lambda: any("notify failed" in r.getMessage() for r in caplog.records))
