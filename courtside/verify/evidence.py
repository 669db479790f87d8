"""Gather verify's evidence: four orchestration reads and two log filters for one window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from courtside.verify.filters import event_filter
from courtside.verify.logfiles import LogSource
from shared.health.checks import STALE_STATUSES, Evidence, FreshnessRun
from shared.orchestration import circuit_events, freshness_history, upstream_budget, workflow_executions
from shared.resilience.circuit_fold import Circuit
from shared.settings import Settings
from shared.warehouse import Warehouse

T = TypeVar("T")


def gather(
    warehouse: Warehouse, logs: LogSource, *, hours: float, now: datetime, calls_lost_share: float = 0.10
) -> Evidence:
    """Read every source; one that fails becomes an error on its check, never a crash of the rest."""
    since = now - timedelta(hours=hours)
    errors: dict[str, str] = {}

    def attempt(check: str, read: Callable[[], T], empty: T) -> T:
        try:
            return read()
        except Exception as exc:  # any source may be down or denied; the other checks still report
            errors[check] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
            return empty

    none: Counter[str] = Counter()
    executions: dict[str, Counter[str]] = attempt("workflow failure rate", lambda: _executions(warehouse, since), {})
    no_losses: dict[str, dict[str, int]] = {}
    losses = attempt(
        "workflow failure rate",
        lambda: workflow_executions.losses_between(warehouse, since, now, calls_lost_share),
        no_losses,
    )
    retries = attempt("retry attempts", lambda: _count(logs, "retry_attempt", since, "scraper"), none)
    resets = attempt("circuit auto-resets", lambda: _count(logs, "circuit_auto_reset", since, "processor"), none)
    circuits: tuple[str, ...] = attempt("open circuits", lambda: _open_circuits(warehouse, now), ())
    freshness = attempt("stale tables", lambda: _freshness(warehouse, now), None)
    budgets: dict[str, dict[str, Any]] = attempt(
        "upstream budgets", lambda: upstream_budget.totals_since(warehouse, since), {}
    )
    return Evidence(hours, now, executions, retries, resets, circuits, freshness, errors, budgets, losses)


def _executions(warehouse: Warehouse, since: datetime) -> dict[str, Counter[str]]:
    result: dict[str, Counter[str]] = {}
    for row in workflow_executions.status_counts(warehouse, since):
        result.setdefault(row["workflow"], Counter())[row["status"]] += row["runs"]
    return result


def _count(logs: LogSource, event: str, since: datetime, field: str) -> Counter[str]:
    return Counter(str(entry.get(field) or "?") for entry in logs.entries(event_filter(event, since)))


def _open_circuits(warehouse: Warehouse, now: datetime) -> tuple[str, ...]:
    threshold = Settings.model_fields["breaker_threshold"].default  # openings are facts; this only breaks races
    found = circuit_events.open_circuits(warehouse, now - circuit_events.DEFAULT_LOOKBACK, threshold=threshold)
    return tuple(_describe_circuit(c, now) for c in found)


def _describe_circuit(circuit: Circuit, now: datetime) -> str:
    age_h = (now - (circuit.since or now)).total_seconds() / 3600
    return f"{circuit.key} (open {age_h:.1f} h, {circuit.failures} failures: {circuit.reason or '-'})"


def _freshness(warehouse: Warehouse, now: datetime) -> FreshnessRun | None:
    rows = freshness_history.latest_run(warehouse, now - freshness_history.DEFAULT_LOOKBACK)
    if not rows:
        return None
    problems = tuple((r["table_name"], r["status"]) for r in rows if r["status"] in STALE_STATUSES)
    return FreshnessRun(rows[0]["checked_at"].astimezone(UTC), problems)
