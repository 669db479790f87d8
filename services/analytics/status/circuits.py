"""The circuits section: open circuits with since when, why and what they wait for; closes of the last 24 h (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from shared.resilience.circuit_fold import Circuit, Fact, Kind, State, Step, steps
from shared.settings import Settings

# Openings and closings are facts of their own; the threshold only decides failures no single writer counted.
THRESHOLD = Settings.model_fields["breaker_threshold"].default


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def fold(facts: Iterable[Fact], at: datetime) -> tuple[dict[str, Circuit], list[tuple[Circuit, Step]]]:
    """Facts up to `at` -> (open circuits by key; each close with the open circuit it ended), by the one fold."""
    by_key: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.at <= at:
            by_key.setdefault(fact.key, []).append(fact)
    current: dict[str, Circuit] = {}
    closes: list[tuple[Circuit, Step]] = []
    for key, group in by_key.items():
        before = Circuit(key)
        for step in steps(key, group, THRESHOLD):
            if step.effect == "closed":
                closes.append((before, step))
            before = step.after
        if before.state is State.OPEN:
            current[key] = before
    return current, sorted(closes, key=lambda close: close[1].fact.at)


def auto_resets(closes: list[tuple[Circuit, Step]], since: datetime) -> dict[str, int]:
    """Closes by upstream readiness per processor since `since`."""
    counts: dict[str, int] = {}
    for _, step in closes:
        if step.fact.at >= since and step.fact.kind is Kind.READY:
            processor = step.fact.key.partition(":")[0]
            counts[processor] = counts.get(processor, 0) + 1
    return counts


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
    current, closes = fold(facts, at)
    opened = sorted(current.values(), key=lambda c: c.outage_from or c.since or at)
    return {
        "open": [_opened(c, at, waits_for) for c in opened],
        "closed_24h": [_closed(b, s) for b, s in reversed(closes) if s.fact.at >= at - timedelta(hours=24)],
    }
