"""The executor over real HTTP against a scripted /scrape double, recording into the warehouse stand-in."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date

import pytest

from local.processes import free_port
from services.scrapers.archive.local import LocalArchive
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.executor import Executor
from services.scrapers.workflows.ledger_view import LedgerView
from services.scrapers.workflows.records import record_execution
from shared.orchestration.workflow_executions import TABLE as EXECUTIONS
from shared.resilience.policy import RetryPolicy
from tests.integration.scrape_double import Reply, ScrapeDouble, err, ok, serve

pytestmark = pytest.mark.integration
CONFIG = load_workflows()
DAY = date(2026, 12, 1)
FAST = RetryPolicy(max_attempts=3, deadline_s=30, base_s=0.2, cap_s=1, attempt_timeout_s=5)


def run(url: str, workflow: str, *, policy: RetryPolicy = FAST, token=None, max_parallel: int = 4):
    sleeps: list[float] = []
    client = ScrapeClient(url, token_source=token)
    executor = Executor(
        CONFIG, client.scrape, policy, max_parallel=max_parallel, sleep=sleeps.append, rng=random.Random(1)
    )
    return executor.run(workflow, DAY, decision_id="d-1"), sleeps


def recorded(warehouse, execution_id: str) -> dict:
    (row,) = warehouse.query(f"SELECT * FROM {EXECUTIONS} WHERE execution_id = @id", id=execution_id)
    return row


def test_betting_lines_fans_out_per_event_and_records_every_failure_with_its_cause(warehouse, tmp_path):
    double = ScrapeDouble(
        {
            "oddsa_events": [ok("oddsa_events", 3, event_ids=["e1", "e2", "e3"])],
            "bp_events": [ok("bp_events", 1, event_ids=["b1"])],
            "oddsa_player_props:event_id=e1": [ok("oddsa_player_props", 0)],
            "oddsa_player_props:event_id=e2": [
                err(503, "upstream_retriable", "odds 503", **{"Retry-After": "2"}),
                ok("x"),
            ],
            "oddsa_player_props:event_id=e3": [err(400, "bad_request", "event_id: unknown event e3")],
            "bp_player_props:event_id=b1": [err(502, "upstream_fatal", "quota exhausted (401 OUT_OF_USAGE_CREDITS)")],
        }
    )
    with serve(double) as url:
        result, sleeps = run(url, "betting_lines")
    assert record_execution(warehouse, LedgerView(LocalArchive(tmp_path)), result) is True
    row = recorded(warehouse, result.execution_id)
    counts = {k: row[k] for k in ("status", "requested", "succeeded", "no_data", "failed", "attempts", "retries")}
    assert counts == {
        "status": "partial",
        "requested": 6,
        "succeeded": 3,
        "no_data": 1,
        "failed": 2,
        "attempts": 7,
        "retries": 1,
    }
    assert sleeps == [2.0]  # Retry-After, longer than the backoff, honoured
    assert (row["workflow"], row["decision_id"], row["execution_date"]) == ("betting_lines", "d-1", DAY)
    assert (
        "oddsa_player_props(event_id=e3,date=2026-12-01) 400: event_id: unknown event e3 (1 attempt)"
        in (row["error_message"])
    )
    assert "bp_player_props(event_id=b1,date=2026-12-01) 502: quota exhausted" in row["error_message"]
    errors = json.loads(row["errors_json"])
    assert [(e["scraper"], e["status"], e["attempts"]) for e in errors] == [
        ("oddsa_player_props", 400, 1),
        ("bp_player_props", 502, 1),
    ]
    assert double.calls["bp_player_props:event_id=b1"] == 1  # an exhausted quota is never retried


def test_nothing_working_is_a_failed_run_and_blocked_fan_outs_say_why(warehouse, tmp_path):
    double = ScrapeDouble(
        {"oddsa_events": [err(503, "upstream_retriable", "odds down")], "bp_events": [Reply(500, b"")]}
    )
    with serve(double) as url:
        result, sleeps = run(url, "betting_lines")
    record_execution(warehouse, LedgerView(LocalArchive(tmp_path)), result)
    row = recorded(warehouse, result.execution_id)
    assert (row["status"], row["requested"], row["failed"], row["attempts"], row["retries"]) == ("failed", 4, 4, 6, 4)
    assert len(sleeps) == 4 and all(0 <= s <= 0.4 for s in sleeps)
    errors = json.loads(row["errors_json"])
    assert [e["message"] for e in errors] == [
        "odds down",
        "Internal Server Error",
        "not run: oddsa_events failed, so its event_ids are unknown",
        "not run: bp_events failed, so its event_ids are unknown",
    ]
    assert all(e["message"] for e in errors) and row["error_message"].count(";") == 3


def test_a_slow_answer_times_out_and_the_retry_succeeds():
    double = ScrapeDouble(
        {"nbac_referee_assignments": [Reply(delay_s=1.0, body={}), ok("nbac_referee_assignments", 2)]}
    )
    with serve(double) as url:
        result, _ = run(url, "referee_discovery", policy=replace(FAST, attempt_timeout_s=0.3))
    assert (result.status, result.attempts, result.retries) == ("succeeded", 2, 1)


def test_retry_after_beyond_the_deadline_fails_fast_with_that_reason():
    double = ScrapeDouble({"bdl_injuries": [err(503, "upstream_retriable", "429 from BDL", **{"Retry-After": "600"})]})
    with serve(double) as url:
        result, sleeps = run(url, "injury_discovery")
    (error,) = result.errors()
    assert (result.status, result.attempts, sleeps) == ("failed", 1, [])
    assert (
        error["gave_up"].startswith("Retry-After 600s exceeds the") and "left before the deadline" in error["gave_up"]
    )
    assert error["message"] == "429 from BDL"


def test_connection_errors_are_retried_then_recorded():
    result, sleeps = run(f"http://127.0.0.1:{free_port()}", "injury_discovery")
    (error,) = result.errors()
    assert (result.attempts, len(sleeps), error["status"]) == (3, 2, "connection")
    assert "Connection refused" in error["message"] or "connect" in error["message"].lower()


def test_calls_carry_an_id_token_for_the_scrapers_audience():
    double = ScrapeDouble({})
    with serve(double) as url:
        result, _ = run(url, "injury_discovery", token=lambda audience: f"token-for-{audience}")
    assert result.status == "succeeded" and double.auth == [f"Bearer token-for-{url}"]


def test_calls_inside_a_step_run_in_parallel_on_a_bounded_pool():
    double = ScrapeDouble({"espn_roster": [ok("espn_roster", 5)], "nbac_schedule": [ok("nbac_schedule", 9)]})
    double.script = {k: [Reply(200, v[0].body, delay_s=0.15)] for k, v in double.script.items()}
    with serve(double) as url:
        result, _ = run(url, "morning_operations", max_parallel=6)
    assert (result.status, len(result.calls), result.count("success")) == ("succeeded", 31, 31)
    assert double.max_in_flight == 6
    assert result.duration_s < 31 * 0.15 / 2  # sequential would take 4.6 s


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (ok("bdl_injuries", 4), (True, 200, None, False, None)),
        (Reply(200, b"<html>oops</html>"), (False, 200, "unreadable /scrape answer: '<html>oops</html>'", False, None)),
        (err(503, "upstream_retriable", "espn 503", **{"Retry-After": "3"}), (False, 503, "espn 503", True, 3.0)),
        (err(429, "rate_limited", "slow down"), (False, 429, "slow down", True, None)),
        (Reply(502, b"Bad Gateway"), (False, 502, "Bad Gateway", True, None)),  # a proxy's 502: retriable
        (err(502, "upstream_fatal", "quota"), (False, 502, "quota", False, None)),  # /scrape's fatal: never
        (err(404, "not_found", "no such path"), (False, 404, "no such path", False, None)),
        (err(422, "bad_request", "unprocessable"), (False, 422, "unprocessable", False, None)),
        (Reply(500, b""), (False, 500, "Internal Server Error", True, None)),
    ],
)
def test_scrape_client_classifies_each_answer(reply, expected):
    with serve(ScrapeDouble({"bdl_injuries": [reply]})) as url:
        attempt = ScrapeClient(url).scrape("bdl_injuries", {}, 5.0)
    assert (attempt.ok, attempt.status, attempt.error, attempt.retriable, attempt.retry_after_s) == expected
