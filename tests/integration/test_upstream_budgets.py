"""Upstream budgets across two scrapers instances sharing one warehouse, against the upstream stand-in's faults."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from werkzeug.serving import make_server

from local.budget_story import budget_story
from local.processes import free_port
from local.upstream_standin.server import RunningUpstream, serve_in_thread
from services.scrapers.app import create_app
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.executor import Executor
from shared.evidence import Span, gather
from shared.health.checks import Thresholds, evaluate
from shared.orchestration import upstream_budget
from shared.resilience.policy import RetryPolicy
from shared.settings import Settings
from shared.warehouse import Warehouse
from tests.integration.scrape.support import scrape_settings

pytestmark = pytest.mark.integration
DAY = date(2026, 12, 1)
POLICY = RetryPolicy(max_attempts=7, deadline_s=20, base_s=0.01, cap_s=0.05, attempt_timeout_s=5)
CALLS = {
    "espn": {"scraper": "espn_roster", "params": {"team": "BOS", "date": "{date}"}},
    "odds": {"scraper": "oddsa_player_props", "params": {"event_id": "e1", "date": "{date}"}},
}


def workflows(*calls: str) -> WorkflowsFile:
    """One workflow `wf` of one step calling `calls`."""
    return WorkflowsFile.model_validate(
        {
            "scheduler": {"cron": "5 * * * *"},
            "schedule_workflow": "wf",
            "schedule_stale_after_hours": 12,
            "workflows": {
                "wf": {
                    "description": "test",
                    "schedule": {"window": ["00:00", "23:59"], "every_hours": 1},
                    "steps": [{"name": "all", "calls": [CALLS[c] for c in calls]}],
                }
            },
        }
    )


@dataclass
class Instance:
    """One scrapers instance: its app over real HTTP and an executor sharing the app's own budget."""

    url: str
    budget: UpstreamBudget

    def run(self, *calls: str):  # type: ignore[no-untyped-def]
        executor = Executor(workflows(*calls), ScrapeClient(self.url).scrape, POLICY, max_parallel=4,
                            budget=self.budget)  # fmt: skip
        return executor.run("wf", DAY)


@contextlib.contextmanager
def instance(settings: Settings, warehouse: Warehouse) -> Iterator[Instance]:
    port = free_port()
    app = create_app(settings.model_copy(update={"scrapers_url": f"http://127.0.0.1:{port}"}), warehouse=warehouse)
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Instance(f"http://127.0.0.1:{port}", app.extensions["upstream_budget"])
    finally:
        server.shutdown()


@pytest.fixture
def upstream() -> Iterator[RunningUpstream]:
    running = serve_in_thread(seed=1)
    yield running
    running.stop()


@pytest.fixture
def pair(settings: Settings, warehouse: Warehouse, upstream: RunningUpstream) -> Iterator[tuple[Instance, Instance]]:
    """Two instances, no cache (each reads the other's facts at once), a reserve of 2 retries per upstream."""
    shared = scrape_settings(settings, upstream.url, budget_cache_s=0, retry_budget_reserve=2, retry_budget_ratio=0.5)
    with instance(shared, warehouse) as a, instance(shared, warehouse) as b:
        yield a, b


def requests_to(upstream: RunningUpstream, name: str) -> int:
    return int(upstream.stats()["requests_by_upstream"].get(name, 0))


def test_an_exhausted_quota_closes_the_odds_api_for_the_other_instance_too(pair, upstream, warehouse):
    a, b = pair
    upstream.set_faults({"profile": "quota"})
    first = a.run("odds")
    assert requests_to(upstream, "odds_api") == 1 and first.calls[0].http_status == 502
    later = [b.run("odds"), a.run("odds"), b.run("odds")]
    assert requests_to(upstream, "odds_api") == 1  # not one network call after the 401
    for result in later:
        (call,) = result.calls
        assert (call.status, call.http_status) == ("failed", "budget")
        assert "oddsapi: quota exhausted until" in (call.message or "")
    kinds = [
        r["kind"] for r in upstream_budget.events_since(warehouse, first.started_at, ("exhausted", "short_circuit"))
    ]
    assert kinds.count("exhausted") >= 1 and kinds.count("short_circuit") == 3


def test_a_hard_down_upstream_costs_one_call_per_scraper_call_across_instances(pair, upstream, warehouse):
    a, b = pair
    upstream.set_faults({"profile": "outage"})
    results = [(a if i % 2 else b).run("espn") for i in range(10)]
    calls = [c for r in results for c in r.calls]
    assert all(c.status == "failed" for c in calls)
    assert requests_to(upstream, "espn") == 10 + 2  # one per call plus the shared reserve of 2 retries
    skipped = [c for c in calls if c.gave_up and "retry budget of espn spent" in c.gave_up]
    assert len(skipped) == 10  # the first call spent the reserve (2 retries) then stopped; every later one at once
    facts = upstream_budget.events_since(warehouse, results[0].started_at, ("retry", "retry_skipped"))
    # The first call's page retries spent the reserve; each later call's page retry and its executor retry were
    # both refused, each refusal recorded.
    by_asker = [(f["kind"], f["workflow"] == "page retry") for f in facts]
    assert by_asker.count(("retry", True)) == 2
    assert by_asker.count(("retry_skipped", False)) == 10 and by_asker.count(("retry_skipped", True)) == 9
    assert all("retry budget of espn spent" in f["reason"] for f in facts if f["kind"] == "retry_skipped")


def test_the_retry_budget_refills_as_calls_succeed(pair, upstream):
    a, b = pair
    upstream.set_faults({"profile": "outage"})
    a.run("espn")  # spends the reserve
    upstream.set_faults({"profile": "none"})
    for _ in range(4):  # four successes at 0.5 a token: two retries back
        assert b.run("espn").calls[0].status == "success"
    assert b.budget.store.state("espn").tokens == pytest.approx(2.0)


def test_scrapes_no_executor_asked_for_refill_the_bucket_too(pair, upstream):
    a, b = pair
    upstream.set_faults({"profile": "outage"})
    a.run("espn")  # spends the reserve
    upstream.set_faults({"profile": "none"})
    client = ScrapeClient(b.url)
    for _ in range(4):  # a caller with no budget of its own (a person, a scheduler job): the scraper counts them
        assert client.scrape("espn_roster", {"team": "BOS", "date": DAY.isoformat()}, 5.0).ok
    assert b.budget.store.state("espn").tokens == pytest.approx(2.0)


def test_a_retry_after_beyond_the_deadline_cools_the_upstream_down_for_every_caller(pair, upstream):
    a, b = pair
    upstream.set_faults({"upstreams": {"espn": {"rate_429": 1.0, "retry_after_s": 3600}}})
    first = a.run("espn")
    assert first.calls[0].attempts == 1 and "Retry-After 3600s exceeds" in (first.calls[0].gave_up or "")
    seen = requests_to(upstream, "espn")
    second = b.run("espn")
    assert requests_to(upstream, "espn") == seen  # B never called ESPN
    assert "espn: cooling down until" in (second.calls[0].message or "")


def test_bad_quota_headers_are_ignored_with_a_warning_and_never_crash(pair, warehouse, caplog):
    a, _ = pair
    with caplog.at_level(logging.WARNING):
        a.budget.observe_quota("oddsapi", {"x-requests-remaining": "-4", "x-requests-last": "many"}, "oddsa_events")
    warned = [r.getMessage() for r in caplog.records if "quota header" in r.getMessage()]
    assert len(warned) == 3  # negative, non-numeric, missing
    state = a.budget.store.state("oddsapi")
    assert state.credits_remaining is None and state.closed_until is None


def test_verify_and_the_run_report_show_credits_and_short_circuits(pair, upstream, warehouse):
    a, b = pair
    upstream.set_faults({"profile": "none"})
    since = datetime.now(UTC) - timedelta(minutes=1)
    a.run("odds")  # a real answer (404 for an unknown event) with its x-requests-* headers
    upstream.set_faults({"profile": "quota"})
    b.run("odds")
    a.run("odds")  # short-circuited
    evidence, _ = gather(warehouse, Span(datetime.now(UTC), 1))
    (line,) = [str(x) for x in evaluate(evidence, Thresholds()) if x.check.startswith("upstream budgets")]
    assert line.startswith("FAIL  upstream budgets [oddsapi]: 1 short-circuited calls (max 0)")
    assert "remaining" in line
    story = "\n".join(budget_story(warehouse, since))
    assert "oddsapi: 0 calls ok" in story and "1 calls short-circuited" in story
    assert "credits used per game day" in story and "closed: exhausted x1" in story
