"""`courtside verify` over seeded orchestration tables in the stand-in and real structured log files."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from courtside.cli import main
from courtside.verify.evidence import gather
from courtside.verify.logfiles import LocalLogFiles
from shared.health.checks import Thresholds, evaluate
from shared.log import configure_logging, log_event
from shared.warehouse import Warehouse

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC).replace(microsecond=0)


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def execution(n: int, workflow: str, status: str, hours_ago: float, requested: int = 4, failed: int = 0) -> dict:
    return {"execution_id": f"{workflow}-{n}", "workflow": workflow, "status": status, "started_at": ago(hours_ago),
            "requested": requested, "failed": failed}  # fmt: skip


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
            execution(8, "morning_operations", "partial", 2, 31, 30),
            execution(9, "morning_operations", "failed", 3, 4, 4),
        ]
        + [execution(10, "referee_discovery", "partial", 2, 31, 1)]  # lost 1 of 31: under the 10% share
        + [execution(i, "betting_lines", "failed" if i < 2 else "succeeded", 1, 4, 4 if i < 2 else 0) for i in range(4)]
        + [execution(0, "injury_discovery", "failed", 10)],  # outside a 6 h window
    )
    warehouse.load_rows(
        "nba_orchestration.circuit_breaker_events",
        [
            circuit("e1", "player_game_summary:2025-03-01", "opened", 2),
            circuit("e2", "player_game_summary:2025-03-01", "closed_by_readiness", 1, observed="e1"),
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


def structured_lines(*events: tuple[str, dict], hours_ago: float = 0.0) -> str:
    """Log lines exactly as the services write them (StructuredLogHandler), stamped by a clock `hours_ago`."""
    stream = io.StringIO()
    configure_logging("INFO", stream=stream, clock=lambda: ago(hours_ago))
    for event, fields in events:
        log_event(logging.getLogger("courtside.test"), f"{event} line", event=event, **fields)
    configure_logging("INFO")
    return stream.getvalue()


def write_logs(logs: Path) -> None:
    logs.mkdir(parents=True, exist_ok=True)
    retry = ("retry_attempt", {"workflow": "morning_operations", "attempt": 2, "max_attempts": 5})
    scrapers = structured_lines(
        *[(retry[0], {**retry[1], "scraper": "espn_roster"})] * 3,
        (retry[0], {**retry[1], "scraper": "bdl_injuries"}),
        ("workflow_finished", {"workflow": "morning_operations"}),
    )
    old_retry = {"event": "retry_attempt", "scraper": "espn_roster", "timestamp": ago(10).isoformat()}
    (logs / "scrapers.log").write_text(f"{scrapers}Traceback (most recent call last):\n{json.dumps(old_retry)}\n")
    analytics = structured_lines(*[("circuit_auto_reset", {"processor": "upcoming_player_game_context"})] * 2)
    (logs / "analytics.log").write_text(analytics)
    stale_file = logs / "yesterday.log"
    stale_file.write_text(structured_lines(*[(retry[0], {**retry[1], "scraper": "nbac_schedule"})] * 9, hours_ago=30))


def test_verify_reports_each_check_from_the_warehouse_and_the_logs(warehouse, settings):
    seed(warehouse)
    write_logs(settings.data_dir / "logs")
    evidence = gather(warehouse, LocalLogFiles(settings.data_dir / "logs"), hours=6, now=NOW)
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
        "PASS  circuit auto-resets: 2 in the last 6 h (max 10): upcoming_player_game_context 2",
        "FAIL  open circuits: 1 open (max 0): upcoming_player_game_context:2025-03-01 (open 0.5 h, 2 failures: "
        "upstream missing)",
        "FAIL  stale tables: 2 (max 0) in the run 2.0 h ago: nba_analytics.player_game_summary NO_DATA, "
        "nba_raw.oddsa_player_props STALE",
        "PASS  upstream budgets: no budget facts in the last 6 h",
    ]


def test_verify_command_prints_lines_and_exits_by_verdict(warehouse, settings, monkeypatch, capsys):
    seed(warehouse)
    write_logs(settings.data_dir / "logs")
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


class DeniedLogs:
    """A log source the caller may not read (as Cloud Logging answers without roles/logging.viewer)."""

    def entries(self, filter_: str):
        raise PermissionError("logging.logEntries.list denied")


def test_a_broken_source_fails_its_checks_and_the_rest_still_report(settings):
    bare = Warehouse.from_settings(settings)  # `courtside warehouse ensure` never ran: no tables
    lines = evaluate(gather(bare, DeniedLogs(), hours=6, now=NOW), Thresholds())
    reasons = {line.check: line.detail for line in lines if not line.ok}
    assert set(reasons) == {
        "workflow failure rate",
        "retry attempts",
        "circuit auto-resets",
        "open circuits",
        "stale tables",
        "upstream budgets",
    }
    assert "PermissionError: logging.logEntries.list denied" in reasons["retry attempts"]
    assert "WarehouseError" in reasons["open circuits"]
