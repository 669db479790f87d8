"""verify and the status page judge one evidence: for random histories in the warehouse, `courtside verify`'s lines
and verdict are exactly the page's checks and verdict for the same window and instant."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from courtside.cli import main
from services.analytics.app import create_app
from shared.clock import SimulatedClock
from shared.orchestration import circuit_events, freshness_history, upstream_budget, workflow_executions
from shared.reference import player_coverage

pytestmark = pytest.mark.integration
AT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
NO_DEPLOY = {"services": [], "commits": [], "mismatch": False}
TABLES = (
    workflow_executions.TABLE, circuit_events.TABLE, upstream_budget.TABLE, freshness_history.CHECKS_TABLE,
    player_coverage.TABLE,
)  # fmt: skip
WORKFLOWS = ("betting_lines", "morning_operations", "referee_discovery")
SCRAPERS = ("espn_roster", "oddsa_player_props", "bdl_injuries")
KINDS = ("failure", "opened", "trial", "succeeded", "closed_by_readiness", "manual_reset")
BUDGET_KINDS = ("quota", "short_circuit", "retry", "retry_skipped", "success", "exhausted", "cooldown")
STATUSES = ("OK", "WARN", "STALE", "NO_DATA", "CHECK_FAILED")

hours_ago = st.floats(min_value=0.0, max_value=30.0).map(lambda h: AT - timedelta(hours=round(h, 2)))


@st.composite
def executions(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for n in range(draw(st.integers(0, 12))):
        requested = draw(st.integers(1, 40))
        failed = draw(st.integers(0, requested))
        status = "succeeded" if failed == 0 else "failed" if failed == requested else "partial"
        retries = draw(st.dictionaries(st.sampled_from(SCRAPERS), st.integers(1, 9), max_size=2))
        rows.append({
            "execution_id": f"x{n}", "workflow": draw(st.sampled_from(WORKFLOWS)), "started_at": draw(hours_ago),
            "status": status, "requested": requested, "failed": failed, "succeeded": requested - failed,
            "retries": sum(retries.values()), "retries_json": json.dumps(retries) if retries else None,
        })  # fmt: skip
    return rows


@st.composite
def circuit_facts(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in draw(st.lists(st.sampled_from(("pgs:2026-11-27", "upgc:2026-11-28")), unique=True)):
        at = AT - timedelta(hours=draw(st.integers(2, 40)))
        for n in range(draw(st.integers(1, 6))):
            at += timedelta(minutes=draw(st.integers(1, 300)))
            kind = draw(st.sampled_from(KINDS))
            before = [r["event_id"] for r in rows if r["circuit_key"] == key]
            rows.append({
                "event_id": f"{key}-{n}", "circuit_key": key, "processor": key.split(":")[0],
                "scope": key.split(":")[1], "kind": kind, "state": "open" if kind == "opened" else "closed",
                "reason": draw(st.sampled_from((None, "upstream missing"))), "failures": 0,
                "occurred_at": min(at, AT), "observed": draw(st.sampled_from([None, "*", *before])),
            })  # fmt: skip
    return rows


@st.composite
def budget_facts(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for n in range(draw(st.integers(0, 8))):
        kind, at = draw(st.sampled_from(BUDGET_KINDS)), draw(hours_ago)
        quota = kind == "quota"
        rows.append({
            "event_id": f"b{n}", "upstream": draw(st.sampled_from(("oddsapi", "espn"))), "kind": kind,
            "occurred_at": at, "game_date": (at - timedelta(hours=5)).date(),
            "credits_last": draw(st.integers(0, 5)) if quota else None,
            "credits_remaining": draw(st.integers(0, 300)) if quota else None,
            "until": at + timedelta(hours=1) if kind in ("exhausted", "cooldown") else None,
        })  # fmt: skip
    return rows


@st.composite
def freshness_runs(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for run in range(draw(st.integers(0, 2))):
        at = draw(hours_ago)
        for table in draw(st.lists(st.sampled_from(("nba_raw.a", "nba_raw.b", "nba_analytics.c")), unique=True)):
            status = draw(st.sampled_from(STATUSES))
            rows.append({"check_id": f"r{run}", "checked_at": at, "table_name": table, "status": status})
    return rows


@st.composite
def coverage_measurements(draw: st.DrawFn) -> list[dict[str, Any]]:
    rows = []
    for day in draw(st.lists(st.integers(0, 5), unique=True, max_size=4)):
        for _ in range(draw(st.integers(1, 2))):
            with_line = draw(st.integers(0, 200))
            reached = draw(st.integers(0, with_line))
            rows.append({
                "game_date": (AT - timedelta(days=day + 1)).date(), "measured_at": draw(hours_ago),
                "players_with_line": with_line, "players_reached": reached, "unresolved": draw(st.integers(0, 9)),
                "missing": json.dumps(["A. Player (odds_api)"] if reached < with_line else []),
                "spellings_queued": json.dumps(draw(st.sampled_from(([], ["N. Jokic (bettingpros)"])))),
            })  # fmt: skip
    return rows


@pytest.fixture
def verify_env(settings, monkeypatch, tmp_path):
    """`courtside verify` pointed at the test's warehouse, its clock standing at AT."""
    SimulatedClock(tmp_path / "clock.json").set(AT, paused=True)
    for name, value in {
        "COURTSIDE_ENVIRONMENT": "local", "COURTSIDE_BQ_ENDPOINT": str(settings.bq_endpoint),
        "COURTSIDE_GCP_PROJECT": settings.gcp_project, "COURTSIDE_DATA_DIR": str(settings.data_dir),
        "COURTSIDE_SIMULATED_CLOCK_FILE": str(tmp_path / "clock.json"),
    }.items():  # fmt: skip
        monkeypatch.setenv(name, value)


def verify_output(capsys: pytest.CaptureFixture[str], hours: float) -> tuple[list[str], list[str], str]:
    """verify's check lines, its player coverage lines and its verdict line."""
    main(["verify", "--hours", f"{hours:g}"])
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if line.startswith(("PASS  ", "FAIL  ", "WARN  "))]
    coverage = [line for line in lines if "  player coverage [" in line]
    [said] = [line for line in out if line.startswith("verdict: ")]
    return [line for line in lines if line not in coverage], coverage, said


@hypothesis_settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    runs=executions(),
    facts=circuit_facts(),
    budgets=budget_facts(),
    checks=freshness_runs(),
    measured=coverage_measurements(),
    hours=st.sampled_from((1.0, 6.0, 24.0)),
)
def test_verify_says_what_the_page_says(
    settings, warehouse, verify_env, capsys, runs, facts, budgets, checks, measured, hours
):
    for table in TABLES:
        warehouse.query(f"DELETE FROM {table} WHERE TRUE")
    for table, rows in zip(TABLES, (runs, facts, budgets, checks, measured), strict=True):
        if rows:
            warehouse.load_rows(table, rows)
    app = create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY)
    body = app.test_client().get(f"/status.json?hours={hours:g}").get_json()
    page_lines = [f"{'PASS' if c['ok'] else 'FAIL'}  {c['check']}: {c['detail']}" for c in body["checks"]]
    reasons = body["verdict"]["reasons"]
    page_verdict = f"verdict: {body['verdict']['level']}" + (f" ({'; '.join(reasons)})" if reasons else "")
    assert verify_output(capsys, hours) == (page_lines, body["coverage_checks"], page_verdict)
