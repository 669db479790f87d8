"""verify's pure part: the verdict per check at its thresholds."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from shared.health.checks import CHECKS, Evidence, FreshnessRun, Thresholds, evaluate

NOW = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)
TH = Thresholds(max_failure_rate=0.1, max_retries_per_scraper=3, max_auto_resets=2, max_stale_tables=0)
FRESH = FreshnessRun(NOW - timedelta(hours=2))


def lines_for(check: str, **evidence) -> list[str]:
    base = {"hours": 6.0, "now": NOW, "executions": {"w": Counter(succeeded=1)}, "freshness": FRESH}
    return [str(line) for line in evaluate(Evidence(**{**base, **evidence}), TH) if line.check.startswith(check)]


@pytest.mark.parametrize(
    ("statuses", "verdict", "text"),
    [
        (Counter(succeeded=9, failed=1), "PASS", "1/10 failed (10.0%, max 10.0%), 0 partial"),
        (Counter(succeeded=8, partial=1, failed=2), "FAIL", "2/11 failed (18.2%"),
        (Counter(partial=5), "PASS", "0/5 failed (0.0%, max 10.0%), 5 partial"),
        (Counter(failed=1), "FAIL", "1/1 failed (100.0%"),
    ],
)
def test_workflow_failure_rate_per_workflow(statuses, verdict, text):
    [line] = lines_for("workflow", executions={"betting_lines": statuses})
    assert line.startswith(f"{verdict}  workflow failure rate [betting_lines]: {text}")


def test_no_executions_in_the_window_fails():
    [line] = lines_for("workflow", executions={})
    assert line.startswith("FAIL") and "no workflow executions in the last 6 h" in line


@pytest.mark.parametrize(
    ("retries", "expected"),
    [
        (Counter(), ["PASS  retry attempts: none in the last 6 h"]),
        (
            Counter(espn_roster=4, bdl_injuries=3),
            ["PASS  retry attempts [bdl_injuries]: 3 (max 3)", "FAIL  retry attempts [espn_roster]: 4 (max 3)"],
        ),
    ],
)
def test_retry_attempts_per_scraper(retries, expected):
    assert lines_for("retry", retries=retries) == expected


@pytest.mark.parametrize(
    ("resets", "verdict"), [(Counter(), "PASS"), (Counter(a=1, b=1), "PASS"), (Counter(a=3), "FAIL")]
)
def test_circuit_auto_resets(resets, verdict):
    [line] = lines_for("circuit auto-resets", auto_resets=resets)
    assert line.startswith(f"{verdict}  circuit auto-resets: {sum(resets.values())} in the last 6 h (max 2)")
    assert all(f"{name} {n}" in line for name, n in resets.items())


@pytest.mark.parametrize(("circuits", "verdict"), [((), "PASS"), (("pgs:2025-03-01 (open 1.0 h)",), "FAIL")])
def test_open_circuits(circuits, verdict):
    [line] = lines_for("open circuits", open_circuits=circuits)
    assert line.startswith(f"{verdict}  open circuits: {len(circuits)} open (max 0)")
    assert all(c in line for c in circuits)


@pytest.mark.parametrize(
    ("run", "verdict", "text"),
    [
        (FRESH, "PASS", "0 (max 0) in the run 2.0 h ago"),
        (
            FreshnessRun(NOW - timedelta(hours=1), (("nba_raw.x", "STALE"),)),
            "FAIL",
            "1 (max 0) in the run 1.0 h ago: nba_raw.x STALE",
        ),
        (FreshnessRun(NOW - timedelta(hours=30)), "FAIL", "older than 26 h"),
        (None, "FAIL", "no freshness run found"),
    ],
)
def test_stale_tables(run, verdict, text):
    [line] = lines_for("stale tables", freshness=run)
    assert line.startswith(f"{verdict}  stale tables") and text in line


def test_a_check_without_evidence_fails_naming_why_and_the_others_still_report():
    lines = evaluate(Evidence(6.0, NOW, freshness=FRESH, errors={"retry attempts": "PermissionDenied: logging"}), TH)
    assert [str(line) for line in lines if line.check == "retry attempts"] == [
        "FAIL  retry attempts: could not read: PermissionDenied: logging"
    ]
    assert {line.check.split(" [")[0] for line in lines} == set(CHECKS)


def budget(short: int = 0, skipped: int = 0, credits: dict | None = None, remaining: int | None = None) -> dict:
    counts = {"short_circuit": short, "retry_skipped": skipped, "retry": 4}
    return {"counts": counts, "credits_by_day": credits or {}, "remaining": remaining}


@pytest.mark.parametrize(
    ("budgets", "expected"),
    [
        ({}, ["PASS  upstream budgets: no budget facts in the last 6 h"]),
        ({"espn": budget()}, ["PASS  upstream budgets [espn]: 0 short-circuited calls (max 0), 0 retries skipped"]),
        ({"espn": budget(skipped=11)}, ["FAIL  upstream budgets [espn]: 0 short-circuited calls (max 0), 11 retries"]),
        (
            {"oddsapi": budget(short=2, credits={"2025-02-28": 30, "2025-03-01": 12}, remaining=88)},
            ["FAIL  upstream budgets [oddsapi]: 2 short-circuited calls"],
        ),
    ],
)
def test_upstream_budgets_fail_on_short_circuits_or_many_skipped_retries(budgets, expected):
    lines = lines_for("upstream budgets", budgets=budgets)
    assert [line[: len(want)] for line, want in zip(lines, expected, strict=True)] == expected
    if "oddsapi" in budgets:
        assert "12 credits used on 2025-03-01, 88 remaining" in lines[0]


def test_partial_runs_that_lost_most_of_their_calls_count_as_failed():
    from collections import Counter
    from datetime import UTC, datetime

    from shared.health.checks import Evidence, evaluate

    executions = {"morning_operations": Counter(failed=1, partial=9)}
    losses = {"morning_operations": {"runs": 10, "lossy": 10, "calls": 310, "lost": 280}}
    now = datetime(2026, 11, 28, tzinfo=UTC)
    [line] = [x for x in evaluate(Evidence(6, now, executions, losses=losses), TH) if "morning" in x.check]
    assert not line.ok and line.detail.startswith("10/10 failed (100.0%") and "280/310 calls lost" in line.detail
