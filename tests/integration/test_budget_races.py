"""Budgets exact under concurrency: tokens taken not checked, credits reserved, closed answered at once."""

from __future__ import annotations

import contextlib
import logging
import time as timer
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time

import pytest
import requests

from local.upstream_standin.odds_api import event_id
from local.upstream_standin.server import RunningUpstream, serve_in_thread
from services.scrapers.workflows.client import ScrapeClient
from shared.orchestration import upstream_budget
from shared.resilience import credits
from shared.settings import Settings
from shared.warehouse import Warehouse
from tests.integration.scrape.support import scrape_settings
from tests.integration.test_upstream_budgets import DAY, Instance, instance

pytestmark = pytest.mark.integration
TOKENS = 8


@pytest.fixture
def upstream() -> Iterator[RunningUpstream]:
    running = serve_in_thread(seed=1)
    yield running
    running.stop()


@contextlib.contextmanager
def instances(settings: Settings, warehouse: Warehouse, n: int) -> Iterator[list[Instance]]:
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(instance(settings, warehouse)) for _ in range(n)]


def shared_settings(settings: Settings, upstream: RunningUpstream, **more) -> Settings:
    return scrape_settings(settings, upstream.url, retry_budget_reserve=TOKENS, upstream_hedge_after_s=0,
                           upstream_page_retry_base_s=0.001, **more)  # fmt: skip


def fire(calls: list[tuple[str, str, dict]]) -> list:
    """(instance URL, scraper, params) all at once, straight to /scrape."""
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda c: ScrapeClient(c[0]).scrape(c[1], c[2], 20.0), calls))


def retries(warehouse: Warehouse, since) -> int:
    return sum(f["upstream"] == "espn" for f in upstream_budget.events_since(warehouse, since, ("retry",)))


ROSTER = ("espn_roster", {"team": "BOS", "date": DAY.isoformat()})


def test_thirty_parallel_calls_on_a_dead_upstream_take_at_most_their_eight_tokens(settings, warehouse, upstream):
    upstream.set_faults({"profile": "outage"})
    with instance(shared_settings(settings, upstream), warehouse) as one:
        since = one.budget.store.clock()
        fire([(one.url, *ROSTER)] * 30)
        assert retries(warehouse, since) == TOKENS
        assert one.budget.store.state("espn").tokens == 0
        assert upstream.stats()["requests_by_upstream"]["espn"] == 30 + TOKENS


def test_two_instances_take_at_most_the_tokens_plus_one_cache_window(settings, warehouse, upstream):
    """Each sees the other's retries once its cache (COURTSIDE_BUDGET_CACHE_S) runs out: until then it may take
    what it believes is left, so two instances take at most 2 x 8 in one cache window, and none after it."""
    upstream.set_faults({"profile": "outage"})
    with instances(shared_settings(settings, upstream, budget_cache_s=300), warehouse, 2) as (a, b):
        since = a.budget.store.clock()
        a.budget.store.state("espn"), b.budget.store.state("espn")  # both caches read now: neither sees the other
        fire([(a.url, *ROSTER)] * 30 + [(b.url, *ROSTER)] * 30)
        assert TOKENS <= retries(warehouse, since) <= 2 * TOKENS
        for budget in (a.budget, b.budget):
            budget.store.facts.state(fresh=True)  # the cache window ends
        taken = retries(warehouse, since)
        fire([(a.url, *ROSTER)] * 5 + [(b.url, *ROSTER)] * 5)
        assert retries(warehouse, since) == taken  # after the window, nobody overspends again


def props_calls(upstream: RunningUpstream, urls: list[str], n: int) -> list[tuple[str, str, dict]]:
    day = sorted({g.date_et for g in upstream.season.games})[10]
    upstream.app.state.set_now(datetime.combine(day, time(17, 0), UTC))  # noon ET: lines up, no tip-off yet
    events = [event_id(upstream.season, g) for g in upstream.season.games_on(day)]
    return [(urls[i % len(urls)], "oddsa_player_props", {"event_id": events[i % len(events)], "date": day.isoformat()})
            for i in range(n)]  # fmt: skip


@pytest.mark.parametrize("n", [2, 4])
def test_instances_racing_on_the_last_credits_send_nothing_after_zero_remaining(settings, warehouse, upstream, n):
    upstream.set_faults({"profile": "none", "odds_api_credits": 3 * n})
    with instances(shared_settings(settings, upstream), warehouse, n) as racing:
        since = racing[0].budget.store.clock()
        fire(props_calls(upstream, [r.url for r in racing], 8 * n))
        state = racing[0].budget.store.state_fresh("oddsapi")
    stats = upstream.stats()
    assert stats["odds_api_requests_after_zero"] == 0
    assert stats["odds_api_credits_used"] > 0  # contended last credits may stay unspent: never one past them
    assert credits.charged(state) == stats["odds_api_credits_used"]
    assert upstream_budget.credits_recorded(warehouse, "oddsapi", since)["used"] == stats["odds_api_credits_used"]


def test_a_timed_out_answer_is_counted_by_the_next_answers_x_requests_used(settings, warehouse, upstream):
    slow = {"odds_api": {"rate_slow": 1.0, "slow_s": 1.5}}
    upstream.set_faults({"profile": "none", "odds_api_credits": 50, "upstreams": slow})
    with instance(shared_settings(settings, upstream, upstream_page_attempts=1), warehouse) as one:
        calls = props_calls(upstream, [one.url], 3)
        ScrapeClient(one.url).scrape("oddsa_events", {"date": calls[0][2]["date"]}, 20.0)  # a first reading
        assert not ScrapeClient(one.url).scrape(*calls[0][1:], 20.0).ok  # charged, never answered in time
        upstream.set_faults({"profile": "none", "odds_api_credits": 50})
        assert ScrapeClient(one.url).scrape(*calls[1][1:], 20.0).ok
        state = one.budget.store.state_fresh("oddsapi")
    assert upstream.stats()["odds_api_credits_used"] == 2 == credits.charged(state)
    assert sum(state.credits_by_day.values()) == 2 and credits.held(state) == 0


CLOSED = [
    ({"scraper": "nbac_schedule"}, 503, "upstream_closed"),
    ({"scraper": "oddsa_player_props", "event_id": "e1"}, 502, "quota_exhausted"),
]


@pytest.mark.parametrize("deadline", [None, "30", "600"])
def test_a_closed_upstream_answers_scrape_at_once_and_is_never_retried(settings, warehouse, upstream, deadline,
                                                                       caplog):  # fmt: skip
    with instance(shared_settings(settings, upstream), warehouse) as one:
        one.budget.cool_down("nbacom", 600, "Retry-After 600s", scraper="nbac_schedule", workflow="wf")
        one.budget.exhausted("oddsapi", "x-requests-remaining: 0")
        since, before = one.budget.store.clock(), upstream.stats()["requests_total"]
        headers = {} if deadline is None else {"X-Courtside-Deadline": deadline}
        with caplog.at_level(logging.INFO):
            for body, status, code in CLOSED:
                started = timer.perf_counter()
                answer = requests.post(f"{one.url}/scrape", json=body, headers=headers, timeout=5)
                assert timer.perf_counter() - started < 0.1
                assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
        assert one.budget.store.state("nbacom").tokens == TOKENS  # no token spent
    assert upstream.stats()["requests_total"] == before
    assert not [r for r in caplog.records if "Retry attempt" in r.getMessage()]
    asked = upstream_budget.events_since(warehouse, since, ("retry", "retry_skipped"))
    assert not asked  # the retry budget was never even asked
