"""A page's transient upstream faults are retried inside the scrape, within the caller's time; 429 goes back."""

from __future__ import annotations

import random

import pytest

from services.scrapers.scrape.fetch import Page
from services.scrapers.scrape.page_retry import PageRetry
from shared.errors import UpstreamFatal, UpstreamRetriable
from shared.settings import load_settings
from tests.fake_time import FakeTime

SETTINGS = load_settings(upstream_timeout_s=2.0, upstream_page_attempts=3, upstream_page_retry_base_s=0.25)
PAGE = Page(200, {}, {"data": []})


def upstream(answers: list[object], time: FakeTime, timeouts: list[float]):
    """fetch(timeout_s=...) answering from `answers` in turn: an exception is raised, a Page returned."""

    def fetch(*, timeout_s: float) -> Page:
        timeouts.append(timeout_s)
        answer = answers[len(timeouts) - 1]
        if isinstance(answer, float):  # a request that times out
            time.now += timeout_s
            raise UpstreamRetriable("bdl: timeout")
        if isinstance(answer, Exception):
            raise answer
        return PAGE

    return fetch


def retriable(status: int | None) -> UpstreamRetriable:
    return UpstreamRetriable(f"bdl: HTTP {status}", upstream_status=status)


@pytest.mark.parametrize(
    ("answers", "tries"),
    [
        ([PAGE], 1),
        ([retriable(503), PAGE], 2),
        ([retriable(None), 1.0, PAGE], 3),  # a connection reset, then a timeout, then the page
        ([retriable(500), retriable(502), PAGE], 3),
    ],
)
def test_transient_faults_of_a_page_are_retried_until_it_arrives(answers, tries):
    time, timeouts = FakeTime(100.0), list[float]()
    retry = PageRetry(SETTINGS, clock=time.clock, sleep=time.sleep, rng=random.Random(1))
    assert retry.get(upstream(answers, time, timeouts), name="bdl_injuries", fields={}) is PAGE
    assert len(timeouts) == tries and len(time.sleeps) == tries - 1
    assert all(0 <= s <= 4 * 0.25 for s in time.sleeps)


@pytest.mark.parametrize(
    ("answers", "raised", "tries"),
    [
        ([retriable(503)] * 3, UpstreamRetriable, 3),  # the page budget runs out: the caller decides
        ([retriable(429), PAGE], UpstreamRetriable, 1),  # a 429's Retry-After is the caller's to wait out
        ([UpstreamFatal("bdl: HTTP 401"), PAGE], UpstreamFatal, 1),
    ],
)
def test_what_the_page_cannot_fix_goes_back_to_the_caller(answers, raised, tries):
    time, timeouts = FakeTime(100.0), list[float]()
    retry = PageRetry(SETTINGS, clock=time.clock, sleep=time.sleep, rng=random.Random(1))
    with pytest.raises(raised):
        retry.get(upstream(answers, time, timeouts), name="bdl_injuries", fields={})
    assert len(timeouts) == tries


def test_tries_never_outlast_the_callers_deadline():
    time, timeouts = FakeTime(100.0), list[float]()
    retry = PageRetry(SETTINGS, time.now + 3.0, clock=time.clock, sleep=time.sleep, rng=random.Random(1))
    with pytest.raises(UpstreamRetriable):
        retry.get(upstream([1.0, 1.0, PAGE], time, timeouts), name="bdl_injuries", fields={})
    assert timeouts[0] == 2.0 and len(timeouts) == 2 and timeouts[1] < 1.0  # the second try gets what is left
    assert time.now <= 100.0 + 3.0 + 1e-9


def test_a_page_retry_is_logged_as_page_retry_never_as_the_executors_retry_attempt(caplog):
    time, timeouts = FakeTime(), list[float]()
    retry = PageRetry(SETTINGS, clock=time.clock, sleep=time.sleep, rng=random.Random(1))
    with caplog.at_level("INFO"):
        retry.get(upstream([retriable(503), PAGE], time, timeouts), name="bdl_injuries", fields={})
    events = [getattr(r, "json_fields", {}).get("event") for r in caplog.records]
    assert events.count("page_retry") == 1 and "retry_attempt" not in events
