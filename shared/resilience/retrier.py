"""The one retry loop: runs a call under a RetryPolicy with tenacity; clock, sleep and random are injected."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import tenacity

from shared.log import log_event
from shared.resilience.outcomes import AttemptFailure
from shared.resilience.policy import RetryPolicy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """One try's result: success, or a failure with its status, message and retry hints."""

    ok: bool
    status: int | str | None = None  # HTTP status, or an AttemptFailure
    error: str | None = None
    retriable: bool = False
    retry_after_s: float | None = None
    value: Any = None
    called: bool = True  # False when the call never went out (e.g. no free slot): not counted as an attempt


@dataclass
class RetryOutcome:
    """The last try of a call, how many real attempts it took, the waits, and why retrying stopped early."""

    last: Attempt
    attempts: int = 0
    waits: list[float] = field(default_factory=list)
    gave_up: str | None = None
    retry_after_s: float | None = field(default=None, repr=False)


class Retrier:
    """Calls attempt(timeout_s) until it succeeds, fails for good, runs out of attempts or of time."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        event: str = "retry_attempt",
    ) -> None:
        self.policy = policy
        self.event = event  # the log event of each retry: log-based counts of one caller's retries use it
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
        may_retry: Callable[[], str | None] | None = None,
    ) -> RetryOutcome:
        """Run `attempt` under the policy; each retry logs `Retry attempt N/M for <name>` (event=self.event).

        `may_retry` (a retry budget) is asked last, only for a retry the policy would make: a reason stops it.
        """
        run = RetryOutcome(Attempt(ok=False))
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_result(lambda a: not a.ok and a.retriable),
            wait=lambda rs: self._wait(rs, run),
            stop=lambda rs: self._stop(rs, run, deadline_at) or self._refused(rs, run, may_retry),
            sleep=self.sleep,
            before_sleep=lambda rs: self._before_sleep(rs, run, name, fields or {}),
            retry_error_callback=lambda rs: rs.outcome.result() if rs.outcome else None,
        )
        run.last = retrying(self._attempt, attempt, run, deadline_at)
        return run

    def _left(self, deadline_at: float | None) -> float | None:
        return None if deadline_at is None else deadline_at - self.clock()

    def _attempt(self, attempt: Callable[[float], Attempt], run: RetryOutcome, deadline_at: float | None) -> Attempt:
        left = self._left(deadline_at)
        if left is not None and left <= 0:
            return Attempt(
                ok=False, status=AttemptFailure.DEADLINE, error="the deadline passed before this attempt", called=False
            )
        cap = self.policy.attempt_timeout_s
        result = attempt(cap if left is None else min(cap, left))
        if result.called:
            run.attempts += 1
        return result

    def _wait(self, rs: tenacity.RetryCallState, run: RetryOutcome) -> float:
        last: Attempt = rs.outcome.result()  # type: ignore[union-attr]
        wait = self.policy.backoff_s(max(run.attempts, 1), self.rng)
        run.retry_after_s = None
        if self.policy.honour_retry_after and last.retry_after_s is not None:
            asked = last.retry_after_s * self.policy.time_scale
            if asked >= wait:
                wait, run.retry_after_s = asked, asked
        return wait

    def _stop(self, rs: tenacity.RetryCallState, run: RetryOutcome, deadline_at: float | None) -> bool:
        if run.attempts >= self.policy.max_attempts:
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

    @staticmethod
    def _refused(rs: tenacity.RetryCallState, run: RetryOutcome, may_retry: Callable[[], str | None] | None) -> bool:
        last: Attempt = rs.outcome.result()  # type: ignore[union-attr]
        if may_retry is None or not last.called:  # waiting for a slot is not an upstream call: never budgeted
            return False
        run.gave_up = may_retry()
        return run.gave_up is not None

    def _before_sleep(
        self, rs: tenacity.RetryCallState, run: RetryOutcome, name: str, fields: Mapping[str, Any]
    ) -> None:
        last: Attempt = rs.outcome.result()  # type: ignore[union-attr]
        run.waits.append(rs.upcoming_sleep)
        if not last.called:  # only real calls are attempts, and only they are retried
            return
        attempt, most = run.attempts + 1, self.policy.max_attempts
        log_event(
            logger,
            f"Retry attempt {attempt}/{most} for {name}",
            event=self.event,
            level=logging.WARNING,
            **fields,
            attempt=attempt,
            max_attempts=most,
            wait_s=round(rs.upcoming_sleep, 3),
            status=last.status,
            error=last.error,
            policy=self.policy.name,
        )
