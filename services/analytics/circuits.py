"""Circuit state shared by every instance: the append-only circuit facts behind a short cache, folded per key."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from shared.clock import sortable_id
from shared.fact_store import FactStore
from shared.orchestration import circuit_events
from shared.resilience.circuit_fold import Circuit, Fact, Kind, Step, apply, fold_all
from shared.warehouse import Warehouse


def scope_of(start: date, end: date) -> str:
    """The date-range part of a circuit key: `2026-11-28` or `2026-11-01..2026-11-30`."""
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def circuit_key(processor: str, start: date, end: date) -> str:
    """A circuit per processor and date range."""
    return f"{processor}:{scope_of(start, end)}"


class CircuitStore:
    """Reads the live circuits' facts in one query (cached `cache_s`) and folds them; appends facts, never updates."""

    def __init__(
        self,
        warehouse: Warehouse,
        *,
        cache_s: float,
        lookback: timedelta,
        threshold: int,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.warehouse = warehouse
        self.cache_s = cache_s
        self.lookback = lookback
        self.threshold = threshold
        self.clock = clock
        self.monotonic = monotonic
        self.facts: FactStore[Fact, dict[str, Circuit]] = FactStore(
            lambda: circuit_events.live_facts(self.warehouse, self.clock() - self.lookback),
            lambda facts: fold_all(facts, self.threshold),
            fact_id=lambda fact: fact.id,
            cache_s=cache_s,
            monotonic=monotonic,
        )

    def get(self, key: str, *, fresh: bool = False) -> Circuit:
        """The circuit for `key` as of the cache (refreshed when stale or asked); unknown keys are closed."""
        return self.all(fresh=fresh).get(key, Circuit(key))

    def all(self, *, fresh: bool = False) -> dict[str, Circuit]:
        """Every circuit active in the lookback window, and every open one however old."""
        return dict(self.facts.state(fresh=fresh))

    def record(
        self,
        seen: Circuit,
        kind: Kind,
        *,
        processor: str,
        scope: str,
        reason: str | None = None,
        upstream: str | None = None,
        actor: str | None = None,
    ) -> Step:
        """Append a fact observing `seen`'s period; this instance's cache folds it in at once."""
        now = self.clock()
        fact = Fact(sortable_id(now), seen.key, kind, now, seen.period, reason, upstream, actor)
        step = apply(self.facts.held().get(seen.key, seen), fact, self.threshold)
        row = circuit_events.row_of(fact, processor=processor, scope=scope, circuit=step.after)

        def moved(circuits: dict[str, Circuit]) -> dict[str, Circuit]:
            return {**circuits, seen.key: apply(circuits.get(seen.key, seen), fact, self.threshold).after}

        self.facts.append(fact, lambda: circuit_events.append(self.warehouse, row), moved)
        return step
