"""The one verdict over verify's lines: healthy, degraded or failing, with the failed lines as reasons."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from shared.health.checks import Evidence, FreshnessRun, Thresholds, evaluate
from shared.health.verdict import Level, verdict

NOW = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
FRESH = FreshnessRun(NOW - timedelta(hours=1))
HEALTHY = {
    "hours": 24.0,
    "now": NOW,
    "executions": {"betting_lines": Counter(succeeded=10)},
    "freshness": FRESH,
}


@pytest.mark.parametrize(
    ("changes", "level", "reasons_start"),
    [
        ({}, Level.HEALTHY, []),
        ({"open_circuits": ("upcoming:2026-11-28 (props late)",)}, Level.DEGRADED, ["open circuits"]),
        ({"retries": Counter(espn_roster=50)}, Level.DEGRADED, ["retry attempts [espn_roster]"]),
        ({"auto_resets": Counter(upcoming=11)}, Level.DEGRADED, ["circuit auto-resets"]),
        (
            {"budgets": {"oddsapi": {"counts": {"short_circuit": 3}, "credits_by_day": {}, "remaining": 0}}},
            Level.DEGRADED,
            ["upstream budgets [oddsapi]"],
        ),
        ({"executions": {"betting_lines": Counter(succeeded=5, failed=5)}}, Level.FAILING, ["workflow failure rate"]),
        ({"executions": {}}, Level.FAILING, ["workflow failure rate"]),
        (
            {"freshness": FreshnessRun(FRESH.checked_at, (("nba_raw.bp_player_props", "STALE"),))},
            Level.FAILING,
            ["stale tables"],
        ),
        ({"freshness": None}, Level.FAILING, ["stale tables"]),
        (
            {"open_circuits": ("c (late)",), "freshness": FreshnessRun(FRESH.checked_at, (("t", "STALE"),))},
            Level.FAILING,
            ["stale tables", "open circuits"],
        ),
        ({"errors": {"open circuits": "Forbidden: no access"}}, Level.DEGRADED, ["open circuits: could not read"]),
    ],
)
def test_the_verdict_is_the_worst_failed_check_and_lists_every_failure_worst_first(changes, level, reasons_start):
    found = verdict(evaluate(Evidence(**{**HEALTHY, **changes}), Thresholds()))
    assert found.level is level
    assert len(found.reasons) == len(reasons_start)
    for reason, start in zip(found.reasons, reasons_start, strict=True):
        assert reason.startswith(start)
    assert str(found).startswith(f"verdict: {level.name.lower()}")
