"""Every circuit's story up to an instant: which are open, and each close with the opening it ended (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from shared.resilience.circuit_fold import Circuit, Fact, Kind, State, Step, steps
from shared.settings import Settings

# Openings and closings are facts of their own; the threshold only decides failures no single writer counted.
READ_THRESHOLD = Settings.model_fields["breaker_threshold"].default
Close = tuple[Circuit, Step]  # the open circuit before the close, and the close


def fold_at(
    facts: Iterable[Fact], at: datetime, threshold: int = READ_THRESHOLD
) -> tuple[dict[str, Circuit], list[Close]]:
    """Facts up to `at` -> (open circuits by key; each close with the open circuit it ended, oldest first)."""
    by_key: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.at <= at:
            by_key.setdefault(fact.key, []).append(fact)
    current: dict[str, Circuit] = {}
    closes: list[Close] = []
    for key, group in by_key.items():
        before = Circuit(key)
        for step in steps(key, group, threshold):
            if step.effect == "closed":
                closes.append((before, step))
            before = step.after
        if before.state is State.OPEN:
            current[key] = before
    return current, sorted(closes, key=lambda close: close[1].fact.at)


def auto_resets(closes: Iterable[Close], since: datetime) -> dict[str, int]:
    """Closes by upstream readiness per processor at or after `since`."""
    counts: dict[str, int] = {}
    for _, step in closes:
        if step.fact.at >= since and step.fact.kind is Kind.READY:
            processor = step.fact.key.partition(":")[0]
            counts[processor] = counts.get(processor, 0) + 1
    return counts


def describe_open(circuit: Circuit, at: datetime) -> str:
    """One open circuit as a verdict names it: key, since when (UTC) and why."""
    since = circuit.outage_from or circuit.since or at
    return f"{circuit.key} (open since {since:%Y-%m-%d %H:%M} UTC: {circuit.reason or '-'})"
