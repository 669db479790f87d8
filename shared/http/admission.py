"""Whether one request runs now: work in flight against a bound, and callers that gave up while it was queued."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from shared.limits import HEALTH_THREADS, QUEUED_AT_MOST_S, SHED_RETRY_AFTER_S

# WSGI environ key: the server's time.monotonic() when the request was queued for a thread (shared/http/arrival.py).
ARRIVED_AT = "courtside.arrived_at"
Monotonic = Callable[[], float]


@dataclass(frozen=True)
class Refusal:
    """A request not run: its status, error code and message, and the Retry-After to send (None: none)."""

    status: int
    code: str
    message: str
    field: str | None = None
    retry_after_s: float | None = None


def default_bound(threads: int) -> int:
    """Work in flight allowed by default: every server thread but the ones kept for /health."""
    return max(1, threads - HEALTH_THREADS)


def decide(
    in_flight: int, bound: int, queued_s: float, caller_left_s: float | None, *, deadline_field: str | None = None
) -> Refusal | None:
    """None when the request may run; else why not: its caller gave up while it was queued (dropped), or `bound`
    requests are already running (shed, with a Retry-After)."""
    if caller_left_s is not None and queued_s >= caller_left_s:
        message = f"queued {queued_s:.1f} s, past the {caller_left_s:g} s the caller waits: not processed"
        return Refusal(503, "deadline_passed", message, field=deadline_field)
    if caller_left_s is None and queued_s >= QUEUED_AT_MOST_S:
        message = f"queued {queued_s:.0f} s, longer than any caller waits: not processed"
        return Refusal(503, "deadline_passed", message)
    if in_flight >= bound:
        message = f"{in_flight} requests already running (at most {bound} at once); retry after the Retry-After"
        return Refusal(429, "overloaded", message, retry_after_s=SHED_RETRY_AFTER_S)
    return None


class Admission:
    """The work in flight of one process against its bound (thread-safe); its clock is time.monotonic's kind."""

    def __init__(self, bound: int, clock: Monotonic, *, deadline_field: str | None = None) -> None:
        if bound < 1:
            raise ValueError(f"the bound of work in flight must be at least 1, got {bound}")
        self.bound, self.clock, self.deadline_field = bound, clock, deadline_field
        self.in_flight = 0
        self.refused = 0
        self._lock = threading.Lock()

    def enter(self, arrived_at: float | None, caller_left_s: float | None) -> Refusal | None:
        """Take a place for one request (None), or say why it does not run; `arrived_at` on this clock (None:
        unknown, so not queued)."""
        queued_s = 0.0 if arrived_at is None else max(0.0, self.clock() - arrived_at)
        with self._lock:
            refusal = decide(self.in_flight, self.bound, queued_s, caller_left_s, deadline_field=self.deadline_field)
            if refusal is None:
                self.in_flight += 1
            else:
                self.refused += 1
            return refusal

    def leave(self) -> None:
        """A request that entered has ended."""
        with self._lock:
            self.in_flight -= 1
