"""The circuits section: open circuits with since when, why and what they wait for; closes of the last 24 h (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from shared.resilience.circuit_fold import Circuit, Fact, Kind, Step
from shared.resilience.circuit_history import fold_at


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def _opened(c: Circuit, at: datetime, waits_for: Callable[[str, str, datetime], str]) -> dict[str, Any]:
    processor, _, scope = c.key.partition(":")
    since = c.outage_from or c.since or at
    return {
        "key": c.key,
        "state": c.state.value,
        "since": since.isoformat(),
        "open_hours": _hours((at - since).total_seconds()),
        "failures": c.failures,
        "reason": c.reason or "no reason recorded",
        "waits_for": waits_for(processor, scope, since),
    }


def _closed(before: Circuit, step: Step) -> dict[str, Any]:
    ready = step.fact.kind is Kind.READY
    return {
        "key": step.fact.key,
        "closed_at": step.fact.at.isoformat(),
        "open_hours": _hours(step.recovered_after_s or 0.0),
        "why_opened": before.reason or "no reason recorded",
        "closed_by": step.fact.actor or ("readiness" if ready else "a successful run"),
    }


def section(facts: list[Fact], at: datetime, waits_for: Callable[[str, str, datetime], str]) -> dict[str, Any]:
    """Open circuits (oldest first) and the closes of the 24 h before `at` (newest first)."""
    current, closes = fold_at(facts, at)
    opened = sorted(current.values(), key=lambda c: c.outage_from or c.since or at)
    return {
        "open": [_opened(c, at, waits_for) for c in opened],
        "closed_24h": [_closed(b, s) for b, s in reversed(closes) if s.fact.at >= at - timedelta(hours=24)],
    }
