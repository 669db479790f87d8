"""A request path's warehouse deadline: nested bounds, each HTTP request's timeout, and a passed deadline."""

from __future__ import annotations

import pytest
import requests

from shared.warehouse.deadline import DeadlinePassed, bounded, remaining, within


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_deadline_leaves_the_ceiling():
    assert remaining() is None
    assert bounded(None, 30.0) == 30.0
    assert bounded(5.0, 30.0) == 5.0
    assert bounded((3.0, None), 30.0) == (3.0, 30.0)


def test_the_earlier_of_two_nested_deadlines_holds():
    clock = Clock()
    with within(10.0, clock=clock):
        with within(60.0, clock=clock):
            assert remaining(clock) == 10.0
        with within(2.0, clock=clock):
            clock.now += 0.5
            assert bounded(None, 30.0, clock) == 1.5
            assert bounded((61.0, 60.0), 30.0, clock) == (1.5, 1.5)
        assert remaining(clock) == 9.5
    assert remaining(clock) is None


def test_a_passed_deadline_refuses_the_request_as_a_timeout_the_client_does_not_retry():
    clock = Clock()
    with within(1.0, clock=clock):
        clock.now += 1.5
        with pytest.raises(DeadlinePassed, match="deadline passed") as refused:
            bounded(None, 30.0, clock)
    assert isinstance(refused.value, requests.Timeout) and not isinstance(refused.value, requests.ConnectionError)


def test_none_adds_no_bound():
    clock = Clock()
    with within(None, clock=clock):
        assert remaining(clock) is None


def test_a_timeout_with_no_message_still_has_a_cause():
    from shared.warehouse.connection import cause

    try:
        try:
            raise DeadlinePassed("warehouse deadline passed (0.01 s ago)")
        except DeadlinePassed as inner:
            raise TimeoutError from inner
    except TimeoutError as exc:
        assert cause(exc) == "warehouse deadline passed (0.01 s ago)"
    assert cause(TimeoutError()) == "TimeoutError"


def test_a_share_of_the_outer_deadline_leaves_the_rest_to_later_calls():
    clock = Clock()
    with within(2.0, clock=clock):
        with within(3.0, share=0.5, clock=clock):
            assert remaining(clock) == 1.0
        with within(0.5, share=0.5, clock=clock):
            assert remaining(clock) == 0.5
    with within(3.0, share=0.5, clock=clock):
        assert remaining(clock) == 3.0  # no outer deadline: the bound alone
