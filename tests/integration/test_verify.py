"""`courtside verify` over seeded orchestration tables in the stand-in: every check from the warehouse's records."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from courtside.cli import main
from shared.evidence import Span, gather
from shared.health.checks import Thresholds, evaluate
from shared.warehouse import Warehouse

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC).replace(microsecond=0)


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def execution(
    n: int, workflow: str, status: str, hours_ago: float, requested: int = 4, failed: int = 0, **retries: int
) -> dict:
    return {"execution_id": f"{workflow}-{n}", "workflow": workflow, "status": status, "started_at": ago(hours_ago),
            "requested": requested, "failed": failed, "retries": sum(retries.values()),
            "retries_json": json.dumps(retries) if retries else None}  # fmt: skip


def circuit(event_id: str, key: str, kind: str, hours_ago: float, observed: str | None = None) -> dict:
    return {
        "event_id": event_id,
        "circuit_key": key,
        "processor": key.split(":")[0],
        "kind": kind,
        "state": "open" if kind == "opened" else "closed",
        "reason": "upstream missing" if kind in ("opened", "failure") else None,
        "failures": 0,
        "occurred_at": ago(hours_ago),
        "observed": observed,
    }


def freshness(check_id: str, table: str, status: str, hours_ago: float) -> dict:
    return {"check_id": check_id, "checked_at": ago(hours_ago), "table_name": table, "status": status}


def seed(warehouse: Warehouse) -> None:
    warehouse.load_rows(
        "nba_orchestration.workflow_executions",
        [execution(i, "morning_operations", "succeeded", 1 + i / 10) for i in range(8)]
        + [
            execution(8, "morning_operations", "partial", 2, 31, 30, espn_roster=3, bdl_injuries=1),
            execution(9, "morning_operations", "failed", 3, 4, 4),
        ]
        + [execution(10, "referee_discovery", "partial", 2, 31, 1)]  # lost 1 of 31: under the 10% share
        + [execution(i, "betting_lines", "failed" if i < 2 else "succeeded", 1, 4, 4 if i < 2 else 0) for i in range(4)]
        + [execution(0, "injury_discovery", "failed", 10, nbac_schedule=9)],  # outside a 6 h window
    )
    warehouse.load_rows(
        "nba_orchestration.circuit_breaker_events",
        [
            circuit("e1", "player_game_summary:2025-03-01", "opened", 2),
            circuit("e2", "player_game_summary:2025-03-01", "closed_by_readiness", 1, observed="e1"),
            circuit("e7", "player_game_summary:2025-03-02", "opened", 2),
            circuit("e8", "player_game_summary:2025-03-02", "closed_by_readiness", 1, observed="e7"),
            circuit("e3", "upcoming_player_game_context:2025-03-01", "failure", 3),
            circuit("e4", "upcoming_player_game_context:2025-03-01", "opened", 0.5),
            circuit("e5", "team_offense:2024-12-01", "opened", 24 * 40),
            circuit("e6", "team_offense:2024-12-01", "closed_by_readiness", 24 * 39, observed="e5"),  # closed long ago
        ],
    )
    warehouse.load_rows(
        "nba_orchestration.freshness_checks",
        [
            freshness("old", "nba_raw.nbac_schedule", "STALE", 30),
            freshness("new", "nba_raw.bdl_injuries", "OK", 2),
            freshness("new", "nba_raw.oddsa_player_props", "STALE", 2),
            freshness("new", "nba_analytics.player_game_summary", "NO_DATA", 2),
            freshness("new", "nba_raw.espn_team_rosters", "WARN", 2),
        ],
    )


def test_verify_reports_each_check_from_the_warehouse_records(warehouse):
    seed(warehouse)
    evidence, _ = gather(warehouse, Span(NOW, 6))
    lines = [str(line) for line in evaluate(evidence, Thresholds(max_retries_per_scraper=2))]
    assert lines == [
        "FAIL  workflow failure rate [betting_lines]: 2/4 failed (50.0%, max 10.0%), 0 partial (failed counts those "
        "that lost over 10% of their calls); 8/16 calls lost",
        # A partial run that lost 30 of its 31 calls is a failure, not a success.
        "FAIL  workflow failure rate [morning_operations]: 2/10 failed (20.0%, max 10.0%), 1 partial (failed counts "
        "those that lost over 10% of their calls); 34/67 calls lost",
        "PASS  workflow failure rate [referee_discovery]: 0/1 failed (0.0%, max 10.0%), 1 partial (failed counts "
        "those that lost over 10% of their calls); 1/31 calls lost",
        "PASS  retry attempts [bdl_injuries]: 1 (max 2)",
        "FAIL  retry attempts [espn_roster]: 3 (max 2)",
        "PASS  circuit auto-resets: 2 in the last 6 h (max 10): player_game_summary 2",
        "FAIL  open circuits: 1 open (max 0): upcoming_player_game_context:2025-03-01 (open since "
        f"{ago(0.5):%Y-%m-%d %H:%M} UTC: upstream missing)",
        "FAIL  stale tables: 2 (max 0) in the run 2.0 h ago: nba_analytics.player_game_summary NO_DATA, "
        "nba_raw.oddsa_player_props STALE",
        "PASS  upstream budgets: no budget facts in the last 6 h",
    ]


def test_verify_command_prints_lines_and_exits_by_verdict(warehouse, settings, monkeypatch, capsys):
    seed(warehouse)
    monkeypatch.setenv("COURTSIDE_ENVIRONMENT", "local")
    monkeypatch.setenv("COURTSIDE_BQ_ENDPOINT", str(settings.bq_endpoint))
    monkeypatch.setenv("COURTSIDE_GCP_PROJECT", settings.gcp_project)
    monkeypatch.setenv("COURTSIDE_DATA_DIR", str(settings.data_dir))
    assert main(["verify", "--hours", "6"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  open circuits: 1 open" in out and "PASS  retry attempts [espn_roster]: 3 (max 20)" in out
    assert out.rstrip().endswith(f"4 failed (project {settings.gcp_project}, last 6 h)")
    assert main(["verify", "--hours", "6", "--max-calls-lost-share", "0.99"]) == 1
    assert "PASS  workflow failure rate [morning_operations]: 1/10 failed" in capsys.readouterr().out
    lenient = ["--max-failure-rate", "0.5", "--max-open-circuits", "1", "--max-stale-tables", "2"]
    assert main(["verify", "--hours", "6", *lenient]) == 0
    assert "FAIL" not in capsys.readouterr().out


def test_a_broken_source_fails_its_checks_and_the_rest_still_report(settings):
    bare = Warehouse.from_settings(settings)  # `courtside warehouse ensure` never ran: no tables
    lines = evaluate(gather(bare, Span(NOW, 6))[0], Thresholds())
    reasons = {line.check: line.detail for line in lines if not line.ok}
    assert set(reasons) == {
        "workflow failure rate",
        "retry attempts",
        "circuit auto-resets",
        "open circuits",
        "stale tables",
        "upstream budgets",
    }
    assert all("WarehouseError" in reason for reason in reasons.values())
