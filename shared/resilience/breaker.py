"""Circuit breaker as a pure state machine: closed, open, half-open; readiness-driven auto-reset; no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

AUTO_RESET_REASON = "upstream data now available"


class State(StrEnum):
    """A circuit's state; half_open is never stored, it is open past its timeout."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class Circuit:
    """What the latest recorded event says about one key (a fresh key is closed with no failures)."""

    key: str
    state: State = State.CLOSED
    failures: int = 0
    since: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Transition:
    """A change to record: the circuit after it and what happened (`opened`, `failure`, `closed`, ...)."""

    circuit: Circuit
    kind: str


@dataclass(frozen=True)
class Verdict:
    """Whether to run now; `trial` runs reopen on their first failure; `transition` is to record first."""

    run: bool
    trial: bool = False
    transition: Transition | None = None


class Breaker:
    """Opens after `threshold` consecutive failures, half-opens after `timeout`, closes on fresh upstream data."""

    def __init__(self, threshold: int, timeout: timedelta, clock: Callable[[], datetime]) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self.threshold = threshold
        self.timeout = timeout
        self.clock = clock

    def state(self, circuit: Circuit) -> State:
        """The effective state now: an open circuit past its timeout is half-open."""
        if circuit.state is State.OPEN and circuit.since and self.clock() >= circuit.since + self.timeout:
            return State.HALF_OPEN
        return circuit.state

    def until(self, circuit: Circuit) -> datetime | None:
        """When an open circuit half-opens."""
        return circuit.since + self.timeout if circuit.state is State.OPEN and circuit.since else None

    def admit(self, circuit: Circuit, upstream_at: datetime | None = None) -> Verdict:
        """Closed runs; half-open runs one trial; open runs a trial only if upstream data is newer than the opening."""
        state = self.state(circuit)
        if state is State.CLOSED:
            return Verdict(run=True)
        if state is State.HALF_OPEN:
            return Verdict(run=True, trial=True)
        if upstream_at is not None and circuit.since is not None and upstream_at > circuit.since:
            closed = Circuit(circuit.key, State.CLOSED, 0, self.clock(), AUTO_RESET_REASON)
            return Verdict(run=True, trial=True, transition=Transition(closed, "auto_reset"))
        return Verdict(run=False)

    def succeeded(self, circuit: Circuit) -> Transition | None:
        """After a successful run: close if anything was counted or open; nothing to record otherwise."""
        if circuit.state is State.CLOSED and circuit.failures == 0:
            return None
        return Transition(Circuit(circuit.key, State.CLOSED, 0, self.clock(), "succeeded"), "closed")

    def failed(self, circuit: Circuit, reason: str, *, trial: bool = False) -> Transition:
        """After a failed run: count it; open at the threshold, or at once when the run was a trial."""
        failures = circuit.failures + 1
        now = self.clock()
        if trial or failures >= self.threshold or circuit.state is not State.CLOSED:
            return Transition(Circuit(circuit.key, State.OPEN, max(failures, 1), now, reason), "opened")
        return Transition(replace(circuit, failures=failures, since=now, reason=reason), "failure")

    def reset(self, circuit: Circuit) -> Transition:
        """An operator closes the circuit."""
        return Transition(Circuit(circuit.key, State.CLOSED, 0, self.clock(), "manual reset"), "manual_reset")
