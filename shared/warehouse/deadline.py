"""A wall-clock deadline for the warehouse calls of one request path, carried in a context variable."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import requests

Clock = Callable[[], float]
_AT: ContextVar[float | None] = ContextVar("warehouse_deadline_at", default=None)
Timeout = float | tuple[float | None, float | None] | None


class DeadlinePassed(requests.Timeout):
    """No time is left for a warehouse request (a Timeout, which the client's retry does not repeat)."""


@contextmanager
def within(seconds: float | None, *, share: float = 1.0, clock: Clock = time.monotonic) -> Iterator[None]:
    """Warehouse requests inside end within `seconds` (None: no new bound) and within `share` of the time an outer
    deadline leaves (an earlier outer deadline always holds)."""
    if seconds is None:
        yield
        return
    now, outer = clock(), _AT.get()
    at = now + seconds if outer is None else min(outer, now + seconds, now + share * max(outer - now, 0.0))
    token = _AT.set(at)
    try:
        yield
    finally:
        _AT.reset(token)


def remaining(clock: Clock = time.monotonic) -> float | None:
    """Seconds left before the current deadline (None when there is none)."""
    at = _AT.get()
    return None if at is None else at - clock()


def bounded(given: Timeout, ceiling_s: float, clock: Clock = time.monotonic) -> float | tuple[float, float]:
    """One HTTP request's timeout: what the caller gave, never above the ceiling or the time left."""
    left = remaining(clock)
    cap = ceiling_s if left is None else min(ceiling_s, left)
    if cap <= 0:
        raise DeadlinePassed(f"warehouse deadline passed ({-cap:.2f} s ago)" if left is not None else "no time")
    if isinstance(given, tuple):
        connect, read = given
        return (cap if connect is None else min(connect, cap), cap if read is None else min(read, cap))
    return cap if given is None else min(float(given), cap)
