"""How to retry, as data: attempts, deadline, full-jitter backoff, Retry-After; the values come from settings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RetryPolicy:
    """A retry policy; production builds the executor's from settings (`from_settings`), no second default here."""

    max_attempts: int
    deadline_s: float | None
    base_s: float
    cap_s: float
    attempt_timeout_s: float
    name: str = "ours"
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

    def backoff_s(self, retry: int, rng: random.Random) -> float:
        """The wait before retry number `retry` (1-based): uniform in [0, min(cap, base * 2^(retry-1))]."""
        ceiling = min(self.cap_s, self.base_s * 2 ** (retry - 1))
        return (rng.uniform(0.0, ceiling) if self.jitter else ceiling) * self.time_scale
