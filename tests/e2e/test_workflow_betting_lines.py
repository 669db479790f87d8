"""betting_lines end to end over real HTTP: executor -> scrapers /scrape -> upstream stand-in with faults -> stand-in
warehouse; the recorded execution's counts, attempts and a message for every failure."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from werkzeug.serving import make_server

from local.processes import free_port
from local.upstream_standin.server import serve_in_thread
from services.scrapers.app import create_app
from shared.orchestration.workflow_executions import TABLE as EXECUTIONS
from shared.settings import load_settings

pytestmark = pytest.mark.e2e
UPSTREAM_URLS = ("nbacom_cdn_url", "nbacom_official_url", "odds_api_url", "bdl_url", "espn_url", "bettingpros_url")


@pytest.fixture
def stack(settings, warehouse) -> Iterator[tuple[str, object]]:
    """The upstream stand-in and the scrapers app (werkzeug, threaded) on free 127.0.0.1 ports."""
    upstream = serve_in_thread(seed=1)
    port = free_port()
    overrides = {
        **dict.fromkeys(UPSTREAM_URLS, upstream.url),
        **dict.fromkeys(("odds_api_key", "bdl_api_key", "bettingpros_api_key"), "local-key"),
        "scrapers_url": f"http://127.0.0.1:{port}",
        "upstream_timeout_s": 2,
        "retry_max_attempts": 4,
        "retry_base_s": 0.05,
        "retry_cap_s": 0.2,
        "workflow_deadline_s": 60,
        "budget_enabled": False,  # this test counts the executor's own attempts; budgets have tests of their own
    }
    base = {k: v for k, v in settings.model_dump().items() if k != "build_commit"}
    scrapers_settings = load_settings(**{**base, **overrides})
    server = make_server("127.0.0.1", port, create_app(scrapers_settings, warehouse=warehouse), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", upstream
    finally:
        server.shutdown()
        upstream.stop()


def game_day(season) -> date:
    per_day = Counter(g.date_et for g in season.games)
    return next(d for d in sorted(per_day) if per_day[d] >= 5 and d >= min(per_day) + timedelta(days=7))


def test_betting_lines_under_faults_records_counts_attempts_and_every_failure(stack, warehouse):
    url, upstream = stack
    day = game_day(upstream.season)
    now = datetime(day.year, day.month, day.day, 15, 5, tzinfo=UTC).isoformat()  # 10:05 ET
    upstream.set_clock(now)
    # Transient faults on the Odds API (retried), BettingPros events down for good (its props cannot run).
    faults = {"odds_api": {"rate_429": 0.3, "rate_5xx": 0.2}, "bettingpros": {"rate_5xx": 1.0}}
    upstream.set_faults({"seed": 3, "upstreams": faults})
    response = requests.post(
        f"{url}/execute-workflow", json={"workflow": "betting_lines", "date": day.isoformat(), "now": now}, timeout=120
    )
    assert response.status_code == 200, response.text
    execution = response.json()["execution"]

    (row,) = warehouse.query(f"SELECT * FROM {EXECUTIONS} WHERE execution_id = @id", id=execution["execution_id"])
    errors = json.loads(row["errors_json"] or "[]")
    games = sum(1 for g in upstream.season.games if g.date_et == day)
    odds_props = [c for c in errors if c["scraper"] == "oddsa_player_props"]
    # 2 event scrapers + one props call per Odds API event + one blocked BettingPros props entry.
    assert row["requested"] == 2 + games + 1
    assert row["requested"] == row["succeeded"] + row["no_data"] + row["failed"]
    assert row["status"] == "partial" and row["failed"] == 2 + len(odds_props)
    assert row["retries"] > 0 and row["attempts"] == row["retries"] + row["requested"] - 1  # the blocked entry: 0
    by_scraper = {e["scraper"]: e for e in errors}
    assert by_scraper["bp_events"]["attempts"] == 4 and by_scraper["bp_events"]["status"] == 503
    assert by_scraper["bp_player_props"]["message"] == "not run: bp_events failed, so its event_ids are unknown"
    assert all(e["message"] and e["status"] for e in errors)
    assert all(f"{e['scraper']}(" in row["error_message"] for e in errors)
    assert upstream.stats()["faults_total"] >= row["retries"]
