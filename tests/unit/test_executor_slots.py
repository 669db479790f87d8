"""Waiting for an executor slot is queueing, not an attempt: only calls that went out are counted."""

from __future__ import annotations

import random
import threading
from datetime import date

from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.executor import Executor
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt

POLICY = RetryPolicy(max_attempts=3, deadline_s=30, base_s=0.01, cap_s=0.01, attempt_timeout_s=0.05)


def test_a_slot_wait_that_times_out_is_not_counted_as_an_attempt():
    slots = threading.BoundedSemaphore(1)
    slots.acquire()  # another workflow run holds the only slot
    calls: list[str] = []
    released: list[bool] = []

    def scrape(scraper: str, params: dict[str, str], timeout_s: float) -> Attempt:
        calls.append(scraper)
        return Attempt(ok=True, status=200, value={"status": "success", "data_summary": {}})

    def sleep(_seconds: float) -> None:
        if not released:  # the other run finishes while we back off
            released.append(True)
            slots.release()

    config = load_workflows()
    executor = Executor(config, scrape, POLICY, max_parallel=1, slots=slots, sleep=sleep, rng=random.Random(1))
    result = executor.run("schedule_dependency", date(2026, 12, 1))
    (call,) = result.calls
    assert (calls, call.status, call.attempts) == (["nbac_schedule"], "success", 1)
    assert {k: result.row()[k] for k in ("attempts", "retries")} == {"attempts": 1, "retries": 0}
