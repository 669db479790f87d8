"""Circuit breaker policy: what to run and which fact to record, from a folded circuit; pure, clock injected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.resilience.circuit_fold import Circuit, Kind, State

AUTO_RESET_REASON = "upstream data now available"

__all__ = ["AUTO_RESET_REASON", "Breaker", "Circuit", "Kind", "State", "Verdict"]


@dataclass(frozen=True)
class Verdict:
    """Whether to run now; `record` is a fact to append first (a trial, or a close on upstream readiness)."""

    run: bool
    trial: bool = False
    record: Kind | None = None


class Breaker:
    """Opens after `threshold` consecutive failures, half-opens after `timeout`, closes on new upstream data."""

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

    def admit(self, circuit: Circuit, upstream_now: str | None = None) -> Verdict:
        """Closed runs; half-open runs a trial; open closes and runs only if the upstream changed since the opening."""
        state = self.state(circuit)
        if state is State.CLOSED:
            return Verdict(run=True)
        if state is State.HALF_OPEN:
            return Verdict(run=True, trial=True, record=Kind.TRIAL)
        if upstream_now is not None and circuit.upstream is not None and upstream_now != circuit.upstream:
            return Verdict(run=True, record=Kind.READY)
        return Verdict(run=False)

    def after_success(self, circuit: Circuit) -> Kind | None:
        """After a successful run: a fact when it closes a trial or clears counted failures; none on the warm path."""
        if circuit.state is State.CLOSED and circuit.failures == 0:
            return None
        return Kind.SUCCEEDED

    def after_failure(self, circuit: Circuit, *, trial: bool = False) -> Kind:
        """After a failed run: `opened` when it reaches the threshold or a trial failed, else a counted failure
        (a failure while someone else's opening stands is recorded and changes nothing)."""
        if circuit.state is State.OPEN and not trial:
            return Kind.FAILURE
        if trial or circuit.failures + 1 >= self.threshold:
            return Kind.OPENED
        return Kind.FAILURE
