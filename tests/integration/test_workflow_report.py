"""`courtside workflows report` over execution rows in the stand-in."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from courtside.cli import main
from courtside.commands.workflows import report, summarize
from shared.orchestration.workflow_executions import TABLE as EXECUTIONS
from shared.orchestration.workflow_executions import started_between

pytestmark = pytest.mark.integration
END = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


def execution(n: int, workflow: str, status: str, hours_ago: float, retries: int, errors: list[tuple[str, int, str]]):
    started = END - timedelta(hours=hours_ago)
    listed = [{"scraper": s, "params": {}, "status": code, "message": m, "attempts": 3} for s, code, m in errors]
    return {
        "execution_id": f"x{n}",
        "workflow": workflow,
        "execution_date": date(2026, 12, 1),
        "started_at": started,
        "finished_at": started + timedelta(seconds=4),
        "status": status,
        "requested": 4,
        "succeeded": 4 - len(errors),
        "no_data": 0,
        "failed": len(errors),
        "attempts": 4 + retries,
        "retries": retries,
        "duration_s": 4.0,
        "errors_json": json.dumps(listed) if listed else None,
    }


ODDS = ("oddsa_player_props", 503, "odds 503")
ROWS = [
    execution(1, "betting_lines", "succeeded", 1, 2, []),
    execution(2, "betting_lines", "partial", 2, 3, [ODDS]),
    execution(3, "betting_lines", "failed", 3, 5, [ODDS, ("bp_events", 502, "quota")]),
    execution(4, "morning_operations", "succeeded", 5, 0, []),
    execution(5, "betting_lines", "failed", 7, 9, [ODDS]),  # outside a 6-hour window
]


def test_report_rates_retries_and_top_errors(warehouse):
    warehouse.append_rows(EXECUTIONS, ROWS)
    stats = {s.workflow: s for s in summarize(started_between(warehouse, END - timedelta(hours=6), END))}
    betting = stats["betting_lines"]
    assert (betting.runs, betting.rate("failed"), betting.rate("partial"), betting.retries) == (3, 1 / 3, 1 / 3, 10)
    assert betting.errors.most_common(1) == [("oddsa_player_props 503: odds 503", 2)]
    assert stats["morning_operations"].runs == 1
    text = report(warehouse, 6, END)
    assert "betting_lines              3       1        1      33.3%         33.3%       10     4.0" in text
    assert "  betting_lines: 2x oddsa_player_props 503: odds 503" in text
    assert "  betting_lines: 1x bp_events 502: quota" in text
    assert "all                        4       1        1      25.0%         25.0%       10" in text


def test_cli_reads_the_configured_warehouse(warehouse, settings, monkeypatch, capsys):
    warehouse.append_rows(EXECUTIONS, ROWS[:1])
    monkeypatch.setenv("COURTSIDE_BQ_ENDPOINT", str(settings.bq_endpoint))
    monkeypatch.setenv("COURTSIDE_GCP_PROJECT", settings.gcp_project)
    assert main(["workflows", "report", "--hours", "2", "--until", "2026-12-01T23:00:00Z"]) == 0
    assert "betting_lines              1       0        0       0.0%" in capsys.readouterr().out
    assert main(["workflows", "report", "--until", "tomorrow"]) == 1
    assert "--until: expected an ISO timestamp" in capsys.readouterr().err
