"""Retry policy as data, run by tenacity: full-jitter backoff, Retry-After within a deadline, injected time."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import tenacity

from shared.log import log_event

logger = logging.getLogger(__name__)

RETRIABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# A retriable status carrying one of these codes is final: /scrape answers 502 upstream_fatal for quota exhaustion.
FATAL_CODES = frozenset({"upstream_fatal", "quota_exhausted", "OUT_OF_USAGE_CREDITS"})
TRANSPORT_ERRORS = frozenset({"timeout", "connection"})


def is_retriable(status: int | None = None, *, code: str | None = None, transport: str | None = None) -> bool:
    """Retry 429/500/502/503/504, timeouts and connection errors; never other 4xx, never an exhausted quota."""
    if transport is not None:
        return transport in TRANSPORT_ERRORS
    return status in RETRIABLE_STATUSES and code not in FATAL_CODES


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None when absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True)
class Attempt:
    """One try's result: success, or a failure with its status, message and retry hints."""

    ok: bool
    status: int | str | None = None  # HTTP status, or "timeout" / "connection" / "deadline"
    error: str | None = None
    retriable: bool = False
    retry_after_s: float | None = None
    value: Any = None


@dataclass(frozen=True)
class RetryPolicy:
    """How to retry, as data; ours, the old system's and "no retry" all run on the same machinery."""

    name: str = "ours"
    max_attempts: int = 6
    deadline_s: float | None = 120.0
    base_s: float = 0.5
    cap_s: float = 8.0
    attempt_timeout_s: float = 30.0
    jitter: bool = True
    honour_retry_after: bool = True
    time_scale: float = 1.0  # multiplies every wait, Retry-After included (benchmarks compress time)

    @classmethod
    def from_settings(cls, settings: Any) -> RetryPolicy:
        """The executor's policy from COURTSIDE_RETRY_* and COURTSIDE_WORKFLOW_DEADLINE_S."""
        return cls(
            max_attempts=settings.retry_max_attempts,
            deadline_s=settings.workflow_deadline_s,
            base_s=settings.retry_base_s,
            cap_s=settings.retry_cap_s,
            attempt_timeout_s=settings.retry_attempt_timeout_s,
        )

    @classmethod
    def legacy(cls, attempt_timeout_s: float = 30.0) -> RetryPolicy:
        """The old system's: 3 attempts, waits 2/4/8 s, no jitter, Retry-After ignored, no deadline."""
        return cls("legacy", 3, None, 2.0, 8.0, attempt_timeout_s, jitter=False, honour_retry_after=False)

    @classmethod
    def no_retry(cls, attempt_timeout_s: float = 30.0) -> RetryPolicy:
        """One attempt, no waiting."""
        return cls("no_retry", 1, None, 0.0, 1.0, attempt_timeout_s, jitter=False, honour_retry_after=False)

    def scaled(self, factor: float) -> RetryPolicy:
        """The same policy with every wait multiplied by `factor`."""
        return replace(self, time_scale=factor)

    def backoff_s(self, retry: int, rng: random.Random) -> float:
        """The wait before retry number `retry` (1-based): uniform in [0, min(cap, base * 2^(retry-1))]."""
        ceiling = min(self.cap_s, self.base_s * 2 ** (retry - 1))
        return (rng.uniform(0.0, ceiling) if self.jitter else ceiling) * self.time_scale


@dataclass
class RetryOutcome:
    """The last attempt of a call, how many attempts it took, the waits, and why retrying stopped early."""

    last: Attempt
    attempts: int = 0
    waits: list[float] = field(default_factory=list)
    gave_up: str | None = None
    retry_after_s: float | None = field(default=None, repr=False)


class Retrier:
    """Runs a call under a RetryPolicy with tenacity; clock, sleep and random are injected."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()

    def deadline_from_now(self) -> float | None:
        """An absolute deadline on this retrier's clock, or None when the policy has none."""
        return None if self.policy.deadline_s is None else self.clock() + self.policy.deadline_s

    def call(
        self,
        attempt: Callable[[float], Attempt],
        *,
        name: str,
        deadline_at: float | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> RetryOutcome:
        """Call attempt(timeout_s) until it succeeds, fails for good, runs out of attempts or of time."""
        run = RetryOutcome(Attempt(ok=False))
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_result(lambda a: not a.ok and a.retriable),
            wait=lambda rs: self._wait(rs, run),
            stop=lambda rs: self._stop(rs, run, deadline_at),
            sleep=self.sleep,
            before_sleep=lambda rs: self._log(rs, run, name, fields or {}),
            retry_error_callback=lambda rs: rs.outcome.result() if rs.outcome else None,
        )
        run.last = retrying(self._attempt, attempt, run, deadline_at)
        return run

    def _left(self, deadline_at: float | None) -> float | None:
        return None if deadline_at is None else deadline_at - self.clock()

    def _attempt(self, attempt: Callable[[float], Attempt], run: RetryOutcome, deadline_at: float | None) -> Attempt:
        left = self._left(deadline_at)
        if left is not None and left <= 0:
            return Attempt(ok=False, status="deadline", error="the workflow deadline passed before this attempt")
        run.attempts += 1
        cap = self.policy.attempt_timeout_s
        return attempt(cap if left is None else min(cap, left))

    def _wait(self, rs: tenacity.RetryCallState, run: RetryOutcome) -> float:
        last: Attempt = rs.outcome.result()  # type: ignore[union-attr]
        wait = self.policy.backoff_s(rs.attempt_number, self.rng)
        run.retry_after_s = None
        if self.policy.honour_retry_after and last.retry_after_s is not None:
            asked = last.retry_after_s * self.policy.time_scale
            if asked >= wait:
                wait, run.retry_after_s = asked, asked
        return wait

    def _stop(self, rs: tenacity.RetryCallState, run: RetryOutcome, deadline_at: float | None) -> bool:
        if rs.attempt_number >= self.policy.max_attempts:
            return True
        left = self._left(deadline_at)
        if left is not None and rs.upcoming_sleep >= left:
            if run.retry_after_s is not None:
                run.gave_up = (
                    f"Retry-After {run.retry_after_s:g}s exceeds the {max(left, 0):.1f}s left before the deadline"
                )
            else:
                run.gave_up = f"deadline reached ({max(left, 0):.1f}s left, next wait {rs.upcoming_sleep:.1f}s)"
            return True
        return False

    def _log(self, rs: tenacity.RetryCallState, run: RetryOutcome, name: str, fields: Mapping[str, Any]) -> None:
        last: Attempt = rs.outcome.result()  # type: ignore[union-attr]
        wait = rs.upcoming_sleep
        run.waits.append(wait)
        attempt, most = rs.attempt_number + 1, self.policy.max_attempts
        log_event(
            logger,
            f"Retry attempt {attempt}/{most} for {name}",
            event="retry_attempt",
            level=logging.WARNING,
            **fields,
            attempt=attempt,
            max_attempts=most,
            wait_s=round(wait, 3),
            status=last.status,
            error=last.error,
            policy=self.policy.name,
        )
