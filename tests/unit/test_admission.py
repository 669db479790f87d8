"""Admission is pure: the bound of work in flight, sheds past it, and drops requests whose caller gave up queued."""

from __future__ import annotations

import pytest

from shared.http.admission import Admission, decide, default_bound
from shared.limits import QUEUED_AT_MOST_S, SHED_RETRY_AFTER_S


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("threads", "bound"), [(8, 7), (20, 19), (2, 1), (1, 1)])
def test_the_default_bound_keeps_a_thread_for_health(threads, bound):
    assert default_bound(threads) == bound


@pytest.mark.parametrize(
    ("in_flight", "queued_s", "caller_left_s", "expected"),
    [
        (0, 0.0, None, None),
        (6, 0.0, None, None),
        (7, 0.0, None, (429, "overloaded", SHED_RETRY_AFTER_S)),
        (9, 0.0, 30.0, (429, "overloaded", SHED_RETRY_AFTER_S)),
        (0, 4.9, 5.0, None),  # the caller still waits: run it
        (0, 5.0, 5.0, (503, "deadline_passed", None)),  # the caller gave up while it was queued
        (7, 6.0, 5.0, (503, "deadline_passed", None)),  # dropped, not shed: retrying it helps nobody
        (0, QUEUED_AT_MOST_S - 1, None, None),
        (0, QUEUED_AT_MOST_S, None, (503, "deadline_passed", None)),  # no header: the push's ack deadline
    ],
)
def test_decide(in_flight, queued_s, caller_left_s, expected):
    refusal = decide(in_flight, 7, queued_s, caller_left_s)
    assert (None if refusal is None else (refusal.status, refusal.code, refusal.retry_after_s)) == expected


def test_places_are_taken_and_given_back():
    admission = Admission(2, Ticks())
    assert [admission.enter(None, None) is None for _ in range(3)] == [True, True, False]
    assert (admission.in_flight, admission.refused) == (2, 1)
    admission.leave()
    assert admission.enter(None, None) is None
    assert (admission.in_flight, admission.refused) == (2, 1)


def test_time_queued_is_measured_on_the_injected_clock():
    clock = Ticks(100.0)
    admission = Admission(4, clock, deadline_field="X-Courtside-Deadline")
    arrived = clock.now
    clock.now += 2.0
    assert admission.enter(arrived, caller_left_s=2.5) is None
    clock.now += 1.0
    refusal = admission.enter(arrived, caller_left_s=2.5)
    assert refusal is not None
    assert (refusal.status, refusal.code, refusal.field) == (503, "deadline_passed", "X-Courtside-Deadline")
    assert "queued 3.0 s" in refusal.message
    assert admission.in_flight == 1  # the dropped one took no place


def test_a_bound_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        Admission(0, Ticks())
