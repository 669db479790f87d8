"""The server's mutable state behind one lock: simulated clock, prop holdbacks, counters, Odds API credits."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.clock import Clock, system_now

HOLDBACK_UPSTREAMS = ("odds_api", "bettingpros")


def parse_instant(value: Any, field_name: str) -> datetime:
    """An ISO-8601 instant with a zone ('2026-11-28T15:00:00Z'); ValueError naming the field otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"{field_name}: expected an ISO-8601 timestamp string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{field_name}: not an ISO-8601 timestamp: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{field_name}: needs a zone, e.g. {value}Z")
    return parsed.astimezone(UTC)


class State:
    """Everything the admin API changes; safe to share between request threads."""

    def __init__(self, now: datetime | None = None, wall: Clock = system_now) -> None:
        self._lock = threading.Lock()
        self._wall = wall
        self._fixed_now = now
        self._holdbacks: dict[str, datetime] = {}
        self.requests: Counter[str] = Counter()
        self.requests_by_upstream: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.faults_by_upstream: dict[str, Counter[str]] = {}
        self.credits_used = 0
        self.credits_month: str | None = None  # the plan's month (of now) the credits were spent in
        self.zero_reported = False  # an Odds API answer said x-requests-remaining: 0 (this month's credits)
        self.requests_after_zero = 0  # Odds API requests that arrived after such an answer: leaked calls

    def now(self) -> datetime:
        """Now: the instant set by the admin API (frozen), else the stack's clock (simulated when it is)."""
        with self._lock:
            return self._fixed_now or self._wall()

    def set_now(self, now: datetime | None) -> None:
        with self._lock:
            self._fixed_now = now

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._fixed_now = (self._fixed_now or self._wall()) + timedelta(seconds=seconds)
            return self._fixed_now

    def hold_back(self, upstream: str, until: datetime | None) -> dict[str, str]:
        with self._lock:
            if until is None:
                self._holdbacks.pop(upstream, None)
            else:
                self._holdbacks[upstream] = until
            return self.holdbacks()

    def holdbacks(self) -> dict[str, str]:
        return {name: until.isoformat().replace("+00:00", "Z") for name, until in self._holdbacks.items()}

    def held_back(self, upstream: str, now: datetime) -> bool:
        """Whether `upstream` shows no prop inventory at `now`."""
        with self._lock:
            until = self._holdbacks.get(upstream)
        return until is not None and now < until

    def count_request(self, path: str, upstream: str) -> None:
        with self._lock:
            self.requests[path] += 1
            self.requests_by_upstream[upstream] += 1

    def count_odds_api_request(self) -> None:
        """One Odds API request arrived: a leak when an answer already said no credits remain."""
        with self._lock:
            self.requests_after_zero += self.zero_reported

    def report_remaining(self, remaining: int) -> None:
        """An Odds API answer carries `remaining` credits: 0 marks every later request as leaked."""
        with self._lock:
            self.zero_reported = self.zero_reported or remaining == 0

    def count_fault(self, upstream: str, kind: str) -> None:
        with self._lock:
            self.faults[kind] += 1
            self.faults_by_upstream.setdefault(upstream, Counter())[kind] += 1

    def credits_spent(self) -> int:
        """Odds API credits used in the current month of now (the plan resets on the 1st)."""
        month = f"{self.now():%Y-%m}"
        with self._lock:
            return self.credits_used if self.credits_month in (None, month) else 0

    def spend_credits(self, cost: int) -> int:
        """Add `cost` to this month's Odds API credits used (a new month starts from 0); the month's total."""
        month = f"{self.now():%Y-%m}"
        with self._lock:
            if self.credits_month != month:
                self.credits_month, self.credits_used, self.zero_reported = month, 0, False
            self.credits_used += cost
            return self.credits_used

    def reset_counters(self, *, credits: bool = True) -> None:
        """Zero the request and fault counts, and unless told otherwise the month's Odds API credits."""
        with self._lock:
            self.requests.clear()
            self.requests_by_upstream.clear()
            self.faults.clear()
            self.faults_by_upstream.clear()
            if credits:
                self.credits_used = 0
                self.zero_reported, self.requests_after_zero = False, 0

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "requests_by_upstream": dict(self.requests_by_upstream),
                "requests_total": sum(self.requests.values()),
                "faults": dict(self.faults),
                "faults_by_upstream": {name: dict(c) for name, c in self.faults_by_upstream.items()},
                "faults_total": sum(self.faults.values()),
                "odds_api_credits_used": self.credits_used,
                "odds_api_requests_after_zero": self.requests_after_zero,
            }
