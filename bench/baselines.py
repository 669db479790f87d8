"""What the benchmarks compare ours against: the old retry policy, no retry, compressed time, the per-date loop.

Production never runs these; they live here so production modules carry only what production runs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from services.analytics.backfill import run_processors
from shared.clock import Clock, system_now
from shared.resilience.policy import RetryPolicy
from shared.warehouse import Warehouse

POLICY_NAMES = ("no_retry", "legacy", "ours")


def legacy(attempt_timeout_s: float) -> RetryPolicy:
    """The old system's: 3 attempts, so 2 waits (2 s then 4 s), no jitter, Retry-After ignored, no deadline."""
    return RetryPolicy(3, None, 2.0, 8.0, attempt_timeout_s, "legacy", jitter=False, honour_retry_after=False)


def no_retry(attempt_timeout_s: float) -> RetryPolicy:
    """One attempt, no waiting."""
    return RetryPolicy(1, None, 0.0, 1.0, attempt_timeout_s, "no_retry", jitter=False, honour_retry_after=False)


def scaled(policy: RetryPolicy, factor: float) -> RetryPolicy:
    """The same policy with every wait (Retry-After included) multiplied by `factor`."""
    return replace(policy, time_scale=factor)


def per_date_backfill(
    warehouse: Warehouse,
    start: date,
    end: date,
    names: list[str] | None = None,
    *,
    clock: Clock = system_now,
) -> list[dict[str, Any]]:
    """The naive backfill: one statement per processor per day (what one range statement replaces)."""
    return run_processors(warehouse, start, end, names, chunk_days=1, clock=clock)
