"""The retry policy, with sleeps recorded and a fake clock: nothing here waits."""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Iterable

import pytest

from bench.baselines import legacy, no_retry, scaled
from shared.resilience.classify import is_retriable
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier
from tests.fake_time import FakeTime


class Script:
    """An attempt function returning scripted results; each attempt takes `cost` seconds of fake time."""

    def __init__(self, time: FakeTime, results: Iterable[Attempt], cost: float = 0.0) -> None:
        self.time, self.results, self.cost = time, list(results), cost
        self.timeouts: list[float] = []

    def __call__(self, timeout: float) -> Attempt:
        self.timeouts.append(timeout)
        self.time.now += self.cost
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]


def fail(status: int | str, *, code: str | None = None, retry_after: float | None = None) -> Attempt:
    transport = status if isinstance(status, str) else None
    retriable = is_retriable(status if isinstance(status, int) else None, code=code, transport=transport)
    return Attempt(
        ok=False, status=status, error=f"{status} {code or ''}", retriable=retriable, retry_after_s=retry_after
    )


OK = Attempt(ok=True, status=200)


def run(policy: RetryPolicy, results: Iterable[Attempt], *, cost: float = 0.0, seed: int = 7, deadline: bool = True):
    time = FakeTime()
    script = Script(time, results, cost)
    retrier = Retrier(policy, clock=time.clock, sleep=time.sleep, rng=random.Random(seed))
    deadline_at = retrier.deadline_from_now() if deadline else None
    outcome = retrier.call(script, name="espn_roster", deadline_at=deadline_at, fields={"workflow": "w"})
    return outcome, time, script


POLICY = RetryPolicy(max_attempts=5, deadline_s=120, base_s=0.5, cap_s=8, attempt_timeout_s=30)


@pytest.mark.parametrize(
    ("failure", "retried"),
    [
        (fail(429), True),
        (fail(500), True),
        (fail(502), True),
        (fail(503), True),
        (fail(504), True),
        (fail("timeout"), True),
        (fail("connection"), True),
        (fail(400), False),
        (fail(401), False),
        (fail(403), False),
        (fail(404), False),
        (fail(422), False),
        (fail(502, code="upstream_fatal"), False),  # /scrape's answer to an exhausted quota
        (fail(429, code="OUT_OF_USAGE_CREDITS"), False),
    ],
)
def test_which_failures_are_retried(failure, retried):
    outcome, time, _ = run(POLICY, [failure, OK])
    if retried:
        assert (outcome.last.ok, outcome.attempts, len(time.sleeps)) == (True, 2, 1)
    else:
        assert (outcome.last, outcome.attempts, time.sleeps) == (failure, 1, [])


def test_attempts_are_capped_and_the_last_failure_is_returned():
    outcome, time, script = run(POLICY, [fail(503)])
    assert outcome.attempts == len(script.timeouts) == 5
    assert len(time.sleeps) == 4 and outcome.waits == time.sleeps
    assert outcome.last.status == 503 and outcome.gave_up is None


def test_full_jitter_stays_within_exponential_bounds_and_follows_the_seed():
    policy = RetryPolicy(max_attempts=8, deadline_s=None, base_s=0.5, cap_s=4, attempt_timeout_s=30)
    first, time, _ = run(policy, [fail(503)], seed=3, deadline=False)
    again, _, _ = run(policy, [fail(503)], seed=3, deadline=False)
    other, _, _ = run(policy, [fail(503)], seed=4, deadline=False)
    ceilings = [min(4.0, 0.5 * 2**n) for n in range(7)]
    assert all(0 <= w <= c for w, c in zip(time.sleeps, ceilings, strict=True))
    assert first.waits == again.waits != other.waits
    assert any(w < c * 0.9 for w, c in zip(time.sleeps, ceilings, strict=True))  # jittered, not the ceiling


@pytest.mark.parametrize(("retry_after", "expected_wait"), [(7.0, 7.0), (0.1, None)])
def test_retry_after_is_honoured_when_longer_than_the_backoff(retry_after, expected_wait):
    outcome, time, _ = run(POLICY, [fail(429, retry_after=retry_after), OK])
    assert outcome.last.ok and len(time.sleeps) == 1
    if expected_wait is not None:
        assert time.sleeps == [expected_wait]
    else:
        assert 0.1 <= time.sleeps[0] <= 0.5  # backoff won; the shorter Retry-After is a floor


def test_retry_after_longer_than_the_time_left_fails_fast_with_that_reason():
    outcome, time, _ = run(POLICY, [fail(429, retry_after=600), OK])
    assert (outcome.attempts, time.sleeps) == (1, [])
    assert outcome.gave_up == "Retry-After 600s exceeds the 120.0s left before the deadline"


def test_retry_after_is_capped_by_the_deadline_as_time_runs_out():
    policy = RetryPolicy(max_attempts=10, deadline_s=20, base_s=0.01, cap_s=0.01, attempt_timeout_s=30)
    outcome, time, script = run(policy, [fail(503, retry_after=5)], cost=2.0)
    # 2 s attempt + 5 s wait per round: t=2 (18 left), 9 (11 left), 16 (4 left < 5) -> stop after 3 attempts.
    assert outcome.attempts == 3 and time.sleeps == [5, 5]
    assert outcome.gave_up is not None and outcome.gave_up.startswith("Retry-After 5s exceeds the 4.0s left")


def test_each_attempt_timeout_is_the_smaller_of_its_cap_and_the_time_left():
    policy = RetryPolicy(max_attempts=5, deadline_s=50, base_s=0.0, cap_s=1, attempt_timeout_s=30)
    outcome, _, script = run(policy, [fail("timeout")], cost=30.0)
    assert script.timeouts == [30.0, 20.0]
    assert (outcome.attempts, outcome.last.status) == (2, "timeout")
    assert outcome.gave_up == "deadline reached (0.0s left, next wait 0.0s)"


def test_a_call_started_after_the_deadline_makes_no_attempt():
    time = FakeTime()
    script = Script(time, [OK])
    outcome = Retrier(POLICY, clock=time.clock, sleep=time.sleep).call(script, name="x", deadline_at=time.now - 1)
    assert (outcome.attempts, outcome.last.status, script.timeouts) == (0, "deadline", [])


def test_legacy_policy_waits_2_then_4_without_jitter_and_ignores_retry_after():
    outcome, time, _ = run(legacy(30.0), [fail(429, retry_after=30)])
    assert (outcome.attempts, time.sleeps) == (3, [2.0, 4.0])


def test_no_retry_policy_tries_once_and_scaling_shrinks_every_wait():
    outcome, time, _ = run(no_retry(30.0), [fail(503), OK])
    assert (outcome.attempts, time.sleeps, outcome.last.ok) == (1, [], False)
    _, time, _ = run(scaled(legacy(30.0), 0.01), [fail(503, retry_after=9)])
    assert time.sleeps == pytest.approx([0.02, 0.04])
    _, time, _ = run(scaled(POLICY, 0.01), [fail(503, retry_after=9), OK])
    assert time.sleeps == pytest.approx([0.09])


def test_each_retry_logs_one_structured_line(caplog):
    caplog.set_level(logging.INFO, logger="shared.resilience.retrier")
    run(legacy(30.0), [fail(503)])
    records = [r for r in caplog.records if getattr(r, "json_fields", {}).get("event") == "retry_attempt"]
    assert [r.getMessage() for r in records] == [
        "Retry attempt 2/3 for espn_roster",
        "Retry attempt 3/3 for espn_roster",
    ]
    fields = records[0].json_fields  # type: ignore[attr-defined]
    assert {k: fields[k] for k in ("workflow", "attempt", "max_attempts", "wait_s", "status", "error")} == {
        "workflow": "w",
        "attempt": 2,
        "max_attempts": 3,
        "wait_s": 2.0,
        "status": 503,
        "error": "503 ",
    }


def test_legacy_docstring_states_the_waits_it_makes():
    stated = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?) s\b", legacy.__doc__ or "")]
    outcome, time, _ = run(legacy(30.0), [fail(503)])
    assert stated == time.sleeps and len(stated) == outcome.attempts - 1


def test_a_try_that_never_called_is_not_an_attempt_and_logs_no_retry(caplog):
    caplog.set_level(logging.INFO, logger="shared.resilience.retrier")
    busy = Attempt(ok=False, status="timeout", error="no free slot", retriable=True, called=False)
    outcome, time, script = run(POLICY, [busy, busy, fail(503), OK])
    assert (outcome.last.ok, outcome.attempts, len(script.timeouts), len(time.sleeps)) == (True, 2, 4, 3)
    assert [r.getMessage() for r in caplog.records] == ["Retry attempt 2/5 for espn_roster"]
