"""Behaviour that lives in time, crossed on the one simulated clock the scrapers and the upstream stand-in share:
the Odds API closes when its month's credits run out and reopens on the reset day; retry tokens come back when
their window passes; an open circuit half-opens after its timeout."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from local.processes import free_port
from local.upstream_standin.server import RunningUpstream, serve_in_thread
from services.analytics.guarded_runner import GuardedRunner
from services.analytics.processors import PROCESSORS
from services.scrapers.app import create_app
from shared.clock import SimulatedClock
from shared.orchestration import upstream_budget
from shared.settings import Settings
from shared.warehouse import Warehouse
from tests.integration import analytics_dataset as ds
from tests.integration.scrape.support import scrape_settings

pytestmark = pytest.mark.integration
JAN_30 = datetime(2027, 1, 30, 15, tzinfo=UTC)  # 10:00 ET on a game day, before any tip-off


@pytest.fixture
def clock(tmp_path) -> SimulatedClock:
    moved = SimulatedClock(tmp_path / "run" / "clock.json")
    moved.set(JAN_30)
    return moved


@pytest.fixture
def upstream(clock: SimulatedClock) -> Iterator[RunningUpstream]:
    running = serve_in_thread(seed=1, clock=clock)
    yield running
    running.stop()


@pytest.fixture
def scrapers(settings: Settings, warehouse: Warehouse, upstream: RunningUpstream, clock) -> Iterator[str]:
    """One scrapers app on the simulated clock, over real HTTP; no budget cache (each read sees every fact)."""
    port = free_port()
    wired = scrape_settings(
        settings, upstream.url, budget_cache_s=0, retry_budget_reserve=2, simulated_clock_file=clock.path,
        scrapers_url=f"http://127.0.0.1:{port}",
    )  # fmt: skip
    server = make_server("127.0.0.1", port, create_app(wired, warehouse=warehouse), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def scrape(url: str, **body: Any) -> requests.Response:
    return requests.post(f"{url}/scrape", json=body, timeout=30)


def odds_requests(upstream: RunningUpstream) -> int:
    return int(upstream.stats()["requests_by_upstream"].get("odds_api", 0))


def test_the_odds_api_closes_when_the_months_credits_run_out_and_reopens_on_the_first(
    scrapers, upstream, clock, warehouse
):
    upstream.set_faults({"odds_api_credits": 3})  # the plan: 3 credits a month
    day = JAN_30.date()
    events = scrape(scrapers, scraper="oddsa_events", date=day.isoformat()).json()["data_summary"]["event_ids"]
    answers = [scrape(scrapers, scraper="oddsa_player_props", event_id=e, date=day.isoformat()) for e in events[:4]]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code in (502, 503) and answers[3].json()["error"]["code"] in (
        "quota_exhausted", "upstream_closed",
    )  # fmt: skip
    spent = odds_requests(upstream)
    clock.set(JAN_30 + timedelta(days=1))  # Jan 31: still the same month, still closed, no request leaves
    closed = scrape(scrapers, scraper="oddsa_player_props", event_id=events[0], date=day.isoformat())
    error = closed.json()["error"]
    assert error["code"] == "quota_exhausted" and "until 2027-02-01" in error["message"]
    assert odds_requests(upstream) == spent
    clock.set(datetime(2027, 2, 1, 15, tzinfo=UTC))  # the reset day: the plan's credits are back
    feb_events = scrape(scrapers, scraper="oddsa_events", date="2027-02-01").json()["data_summary"]["event_ids"]
    spent = odds_requests(upstream)
    reopened = scrape(scrapers, scraper="oddsa_player_props", event_id=feb_events[0], date="2027-02-01")
    assert reopened.status_code == 200 and odds_requests(upstream) == spent + 1
    facts = upstream_budget.events_since(warehouse, JAN_30 - timedelta(hours=1), ("exhausted",))
    assert facts and facts[0]["until"] == datetime(2027, 2, 1, tzinfo=UTC)  # the simulated month's end
    credit_days = {r["game_date"] for r in upstream_budget.summary_since(warehouse, JAN_30 - timedelta(days=1))}
    assert credit_days <= {day, date(2027, 1, 31), date(2027, 2, 1)}  # labelled with simulated dates


def test_retry_tokens_come_back_when_their_window_passes(scrapers, upstream, clock, warehouse):
    upstream.set_faults({"profile": "outage"})  # ESPN hard down
    first = scrape(scrapers, scraper="espn_roster", team="BOS", date="2027-01-30")
    assert first.status_code == 503
    calls = int(upstream.stats()["requests_by_upstream"]["espn"])
    assert calls == 1 + 2  # one call and the reserve of 2 page retries
    clock.set(JAN_30 + timedelta(minutes=30))  # inside the 60-minute window: no token yet
    scrape(scrapers, scraper="espn_roster", team="BOS", date="2027-01-30")
    assert int(upstream.stats()["requests_by_upstream"]["espn"]) == calls + 1
    clock.set(JAN_30 + timedelta(minutes=61))  # the window has passed: the reserve is back
    scrape(scrapers, scraper="espn_roster", team="BOS", date="2027-01-30")
    assert int(upstream.stats()["requests_by_upstream"]["espn"]) == calls + 1 + 3


def test_an_open_circuit_half_opens_after_its_timeout_on_the_simulated_clock(settings, warehouse, clock):
    ds.seed(warehouse, game_day_props=False)
    day, upcoming = date(2026, 11, 28), PROCESSORS["upcoming_player_game_context"]
    clock.set(ds.LOADED + timedelta(hours=1))
    runner = GuardedRunner.build(settings.model_copy(update={"breaker_threshold": 2}), warehouse, clock)
    assert [runner.run(upcoming, day, day)["status"] for _ in range(3)] == ["failed", "failed", "skipped"]
    clock.set(ds.LOADED + timedelta(hours=1, minutes=29))
    assert runner.run(upcoming, day, day)["status"] == "skipped"  # still open
    clock.set(ds.LOADED + timedelta(hours=1, minutes=31))
    trial = runner.run(upcoming, day, day)  # half-open: one trial, which fails again and reopens
    assert trial["status"] == "failed" and trial["circuit"]["state"] == "open"
    until = datetime.fromisoformat(trial["circuit"]["until"])
    assert abs(until - (clock() + timedelta(minutes=30))) < timedelta(seconds=30)  # reopened on the same clock
