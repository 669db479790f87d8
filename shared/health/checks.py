"""The after-deploy verdicts: evidence in, one PASS/FAIL line per check out (pure, no I/O)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.health.coverage import CoverageVerdict

FAILED_STATUSES = ("failed",)
STALE_STATUSES = ("STALE", "NO_DATA", "CHECK_FAILED", "SCHEDULE_MISSING")


@dataclass(frozen=True)
class Thresholds:
    """What counts as healthy; each is a `courtside verify` option."""

    max_failure_rate: float = 0.10
    max_calls_lost_share: float = 0.10  # a partial run that lost more of its calls counts as failed
    max_retries_per_scraper: int = 20
    max_auto_resets: int = 10
    max_open_circuits: int = 0
    max_stale_tables: int = 0
    max_freshness_age_h: float = 26.0
    max_short_circuits: int = 0
    max_skipped_retries: int = 10


@dataclass(frozen=True)
class FreshnessRun:
    """The latest freshness run: when, and its tables with a status worth failing on."""

    checked_at: datetime
    problems: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What the sources said for the window; `errors` names each check whose evidence could not be read."""

    hours: float
    now: datetime
    executions: dict[str, Counter[str]] = field(default_factory=dict)
    retries: Counter[str] = field(default_factory=Counter)
    auto_resets: Counter[str] = field(default_factory=Counter)
    open_circuits: tuple[str, ...] = ()
    freshness: FreshnessRun | None = None
    errors: dict[str, str] = field(default_factory=dict)
    budgets: dict[str, dict[str, Any]] = field(default_factory=dict)  # upstream_budget.totals_since
    losses: dict[str, dict[str, int]] = field(default_factory=dict)  # workflow_executions.losses_between, by workflow
    coverage: tuple[CoverageVerdict, ...] = ()  # PASS/WARN lines only: coverage never fails the verdict


@dataclass(frozen=True)
class Line:
    """One verdict."""

    check: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'PASS' if self.ok else 'FAIL'}  {self.check}: {self.detail}"


def _workflows(ev: Evidence, th: Thresholds) -> list[Line]:
    if not ev.executions:
        detail = f"no workflow executions in the last {ev.hours:g} h (is Cloud Scheduler calling /execute-workflows?)"
        return [Line("workflow failure rate", False, detail)]
    lines = []
    for workflow, statuses in sorted(ev.executions.items()):
        runs = sum(statuses.values())
        loss = ev.losses.get(workflow)
        # A partial run that lost more than the allowed share of its calls counts against the rate like a failed one.
        failed = loss["lossy"] if loss else sum(statuses[s] for s in FAILED_STATUSES)
        rate = failed / runs
        detail = f"{failed}/{runs} failed ({rate:.1%}, max {th.max_failure_rate:.1%}), {statuses['partial']} partial"
        if loss:
            detail += (
                f" (failed counts those that lost over {th.max_calls_lost_share:.0%} of their calls); "
                f"{loss['lost']}/{loss['calls']} calls lost"
            )
        lines.append(Line(f"workflow failure rate [{workflow}]", rate <= th.max_failure_rate, detail))
    return lines


def _retries(ev: Evidence, th: Thresholds) -> list[Line]:
    if not ev.retries:
        return [Line("retry attempts", True, f"none in the last {ev.hours:g} h")]
    return [
        Line(f"retry attempts [{scraper}]", n <= th.max_retries_per_scraper, f"{n} (max {th.max_retries_per_scraper})")
        for scraper, n in sorted(ev.retries.items())
    ]


def _auto_resets(ev: Evidence, th: Thresholds) -> list[Line]:
    total = sum(ev.auto_resets.values())
    which = ", ".join(f"{name} {n}" for name, n in sorted(ev.auto_resets.items()))
    detail = f"{total} in the last {ev.hours:g} h (max {th.max_auto_resets})" + (f": {which}" if which else "")
    return [Line("circuit auto-resets", total <= th.max_auto_resets, detail)]


def _open_circuits(ev: Evidence, th: Thresholds) -> list[Line]:
    n = len(ev.open_circuits)
    detail = f"{n} open (max {th.max_open_circuits})" + (f": {'; '.join(ev.open_circuits)}" if n else "")
    return [Line("open circuits", n <= th.max_open_circuits, detail)]


def _stale_tables(ev: Evidence, th: Thresholds) -> list[Line]:
    run = ev.freshness
    if run is None:
        return [Line("stale tables", False, "no freshness run found (is the daily check_completeness job running?)")]
    age_h = (ev.now - run.checked_at).total_seconds() / 3600
    n = len(run.problems)
    listed = ", ".join(f"{table} {status}" for table, status in run.problems)
    detail = f"{n} (max {th.max_stale_tables}) in the run {age_h:.1f} h ago" + (f": {listed}" if listed else "")
    if age_h > th.max_freshness_age_h:
        return [Line("stale tables", False, f"{detail}; that run is older than {th.max_freshness_age_h:g} h")]
    return [Line("stale tables", n <= th.max_stale_tables, detail)]


def _upstream_budgets(ev: Evidence, th: Thresholds) -> list[Line]:
    if not ev.budgets:
        return [Line("upstream budgets", True, f"no budget facts in the last {ev.hours:g} h")]
    lines = []
    for upstream, totals in sorted(ev.budgets.items()):
        counts = totals["counts"]
        short, skipped = counts.get("short_circuit", 0), counts.get("retry_skipped", 0)
        detail = (
            f"{short} short-circuited calls (max {th.max_short_circuits}), {skipped} retries skipped "
            f"(max {th.max_skipped_retries}), {counts.get('retry', 0)} retries by the executor and "
            f"{counts.get('page_retry', 0)} of pages"
        )
        if totals["credits_by_day"]:
            day = max(totals["credits_by_day"])
            detail += f"; {totals['credits_by_day'][day]} credits used on {day}, {totals['remaining']} remaining"
        ok = short <= th.max_short_circuits and skipped <= th.max_skipped_retries
        lines.append(Line(f"upstream budgets [{upstream}]", ok, detail))
    return lines


CHECKS: dict[str, Callable[[Evidence, Thresholds], list[Line]]] = {
    "workflow failure rate": _workflows,
    "retry attempts": _retries,
    "circuit auto-resets": _auto_resets,
    "open circuits": _open_circuits,
    "stale tables": _stale_tables,
    "upstream budgets": _upstream_budgets,
}


def evaluate(evidence: Evidence, thresholds: Thresholds) -> list[Line]:
    """Every check's lines, in a fixed order; a check without evidence fails naming why."""
    lines: list[Line] = []
    for name, check in CHECKS.items():
        if name in evidence.errors:
            lines.append(Line(name, False, f"could not read: {evidence.errors[name]}"))
        else:
            lines.extend(check(evidence, thresholds))
    return lines
