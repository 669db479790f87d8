"""Circuit state shared by every instance: the append-only circuit events behind a short cache."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from shared.orchestration import circuit_events
from shared.resilience.breaker import Circuit, State, Transition
from shared.warehouse import Warehouse


def scope_of(start: date, end: date) -> str:
    """The date-range part of a circuit key: `2026-11-28` or `2026-11-01..2026-11-30`."""
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def circuit_key(processor: str, start: date, end: date) -> str:
    """A circuit per processor and date range."""
    return f"{processor}:{scope_of(start, end)}"


class CircuitStore:
    """Reads every circuit's latest event in one query (cached `cache_s`); appends transitions, never updates."""

    def __init__(
        self,
        warehouse: Warehouse,
        *,
        cache_s: float,
        lookback: timedelta,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.warehouse = warehouse
        self.cache_s = cache_s
        self.lookback = lookback
        self.clock = clock
        self.monotonic = monotonic
        self._circuits: dict[str, Circuit] = {}
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def get(self, key: str) -> Circuit:
        """The circuit for `key` as of the cache (refreshed when stale); unknown keys are closed."""
        return self.all().get(key, Circuit(key))

    def all(self, *, fresh: bool = False) -> dict[str, Circuit]:
        """Every circuit with an event in the lookback window."""
        with self._lock:
            stale = self._loaded_at is None or self.monotonic() - self._loaded_at >= self.cache_s
            if fresh or stale:
                rows = circuit_events.latest_per_circuit(self.warehouse, self.clock() - self.lookback)
                self._circuits = {row["circuit_key"]: _circuit(row) for row in rows}
                self._loaded_at = self.monotonic()
            return dict(self._circuits)

    def record(self, transition: Transition, *, processor: str, scope: str, actor: str | None = None) -> Circuit:
        """Append the transition as an event and apply it to this instance's cache at once."""
        circuit = transition.circuit
        event = {
            # Sorts after this process's earlier events when two share an occurred_at.
            "event_id": f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}",
            "circuit_key": circuit.key,
            "processor": processor,
            "scope": scope,
            "state": circuit.state.value,
            "reason": circuit.reason,
            "failures": circuit.failures,
            "occurred_at": circuit.since or self.clock(),
            "actor": actor,
        }
        circuit_events.append(self.warehouse, event)
        with self._lock:
            self._circuits[circuit.key] = circuit
        return circuit


def _circuit(row: dict) -> Circuit:
    return Circuit(
        key=row["circuit_key"],
        state=State(row["state"]) if row["state"] in ("closed", "open") else State.OPEN,
        failures=row["failures"] or 0,
        since=row["occurred_at"],
        reason=row["reason"],
    )
