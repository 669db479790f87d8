"""The one evidence `courtside verify` and the status page both judge: the same warehouse reads for a window of
`hours` ending at an instant, read side by side, folded into the checks' Evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.health.checks import STALE_STATUSES, Evidence, FreshnessRun
from shared.health.coverage import MEASURED_DATES, CoverageVerdict, coverage_lines
from shared.orchestration import circuit_events, freshness_history, upstream_budget, workflow_executions
from shared.reference import player_coverage
from shared.resilience.circuit_history import auto_resets, describe_open, fold_at
from shared.warehouse import Warehouse

STATUS_PAGE_HOURS = 24.0  # the window both the page and verify judge unless told otherwise

# Each read and the checks that cannot be judged when it fails.
CHECKS_OF_READ: dict[str, tuple[str, ...]] = {
    "statuses": ("workflow failure rate",),
    "losses": ("workflow failure rate",),
    "retries": ("retry attempts",),
    "circuit_facts": ("circuit auto-resets", "open circuits"),
    "freshness": ("stale tables",),
    "budgets": ("upstream budgets",),
    "coverage": (),  # its lines are PASS or WARN, never a failed check: a failed read is one WARN line
}


@dataclass(frozen=True)
class Span:
    """The verdict's window: the `hours` up to `at`; `calls_lost_share` decides which partial runs count as failed."""

    at: datetime
    hours: float
    calls_lost_share: float = 0.10

    @property
    def since(self) -> datetime:
        return self.at - timedelta(hours=self.hours)


def reads(wh: Warehouse, span: Span) -> dict[str, Callable[[], Any]]:
    """Every read the checks need, by name (the keys of CHECKS_OF_READ)."""
    at, since = span.at, span.since
    return {
        "statuses": lambda: workflow_executions.status_counts(wh, since, at),
        "losses": lambda: workflow_executions.losses_between(wh, since, at, span.calls_lost_share),
        "retries": lambda: workflow_executions.retries_by_scraper(wh, since, at),
        "circuit_facts": lambda: circuit_events.live_facts(wh, at - circuit_events.DEFAULT_LOOKBACK),
        "freshness": lambda: freshness_history.newest_run_between(wh, at - freshness_history.DEFAULT_LOOKBACK, at),
        "budgets": lambda: upstream_budget.totals_since(wh, since, at),
        "coverage": lambda: player_coverage.recent_measurements(wh, MEASURED_DATES, at),
    }


def side_by_side(named: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every read at once (so they cost the slowest); a read that raised gives its exception as its value."""

    def caught(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except Exception as exc:  # any source may be down or denied; the other reads still answer
            return exc

    with ThreadPoolExecutor(max_workers=max(1, len(named))) as pool:
        # Each read in a copy of the caller's context: a request's warehouse deadline holds in the pool's threads too.
        futures = {name: pool.submit(copy_context().run, caught, read) for name, read in named.items()}
        return {name: future.result() for name, future in futures.items()}


def _problem(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"


def judge(span: Span, got: Mapping[str, Any]) -> Evidence:
    """The checks' evidence from the reads' results (pure); a failed read becomes an error on each of its checks."""
    errors = {
        check: _problem(value)
        for name, checks in CHECKS_OF_READ.items()
        if isinstance(value := got[name], BaseException)
        for check in checks
    }

    def rows(name: str, empty: Any) -> Any:
        return empty if isinstance(got[name], BaseException) else got[name]

    executions: dict[str, Counter[str]] = {}
    for row in rows("statuses", []):
        executions.setdefault(row["workflow"], Counter())[row["status"]] += row["runs"]
    current, closes = fold_at(rows("circuit_facts", []), span.at)
    opened = sorted(current.values(), key=lambda c: (c.outage_from or c.since or span.at, c.key))
    return Evidence(
        hours=span.hours,
        now=span.at,
        executions=executions,
        retries=Counter(rows("retries", Counter())),
        auto_resets=Counter(auto_resets(closes, span.since)),
        open_circuits=tuple(describe_open(c, span.at) for c in opened),
        freshness=freshness_run(rows("freshness", [])),
        errors=errors,
        budgets=rows("budgets", {}),
        losses=rows("losses", {}),
        coverage=tuple(_coverage(got["coverage"])),
    )


def _coverage(value: Any) -> list[CoverageVerdict]:
    if isinstance(value, BaseException):
        return [CoverageVerdict("-", False, f"could not read: {_problem(value)}")]
    return coverage_lines(value)


def freshness_run(checks: list[dict[str, Any]]) -> FreshnessRun | None:
    """The newest freshness run's rows as the stale-tables check reads them; None when none ran."""
    if not checks:
        return None
    problems = tuple((r["table_name"], r["status"]) for r in checks if r["status"] in STALE_STATUSES)
    return FreshnessRun(checks[0]["checked_at"].astimezone(UTC), problems)


def gather(
    wh: Warehouse, span: Span, more: Mapping[str, Callable[[], Any]] | None = None
) -> tuple[Evidence, dict[str, Any]]:
    """The evidence for `span`, and every read's result by name (`more`: a caller's own reads, run alongside)."""
    got = side_by_side({**reads(wh, span), **(more or {})})
    return judge(span, got), got
