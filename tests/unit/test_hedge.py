"""A page request slower than the hedge delay is raced by a second one; the first answer wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from services.scrapers.scrape.hedge import hedged
from shared.errors import UpstreamFatal, UpstreamRetriable

AFTER_S = 0.01  # the test's requests block on events, so only the hedge delay itself is waited for


class Upstream:
    """Requests answered in arrival order: the n-th blocks until `release[n]` is set (or answers at once)."""

    def __init__(self, answers: list[object], *, blocking: set[int] = frozenset()) -> None:  # type: ignore[assignment]
        self.answers, self.blocking = answers, blocking
        self.release = [threading.Event() for _ in answers]
        self.timeouts: list[float] = []
        self._lock = threading.Lock()

    def fetch(self, *, timeout_s: float) -> str:
        with self._lock:
            n = len(self.timeouts)
            self.timeouts.append(timeout_s)
        if n in self.blocking:
            assert self.release[n].wait(5), "the test never released this request"
        answer = self.answers[n]
        if isinstance(answer, Exception):
            raise answer
        return str(answer)


@pytest.fixture
def pool():
    with ThreadPoolExecutor(4) as executor:
        yield executor


def test_a_quick_answer_is_never_hedged(pool):
    upstream = Upstream(["page"])
    assert hedged(upstream.fetch, AFTER_S, pool=pool)(timeout_s=1.0) == "page"
    assert upstream.timeouts == [1.0]


def test_a_stalled_request_is_raced_and_the_hedge_answers_within_the_same_time(pool):
    upstream = Upstream(["never", "page"], blocking={0})
    try:
        assert hedged(upstream.fetch, AFTER_S, pool=pool)(timeout_s=1.0) == "page"
    finally:
        upstream.release[0].set()
    assert upstream.timeouts == [1.0, pytest.approx(1.0 - AFTER_S)]


def test_a_failed_hedge_waits_for_the_first_request(pool):
    upstream = Upstream(["late page", UpstreamRetriable("bdl: HTTP 502", upstream_status=502)], blocking={0})
    race = hedged(upstream.fetch, AFTER_S, pool=pool)
    threading.Timer(0.05, upstream.release[0].set).start()
    assert race(timeout_s=1.0) == "late page"


def test_both_failing_raises_the_transient_error_for_the_page_retry(pool):
    first = UpstreamRetriable("bdl: timeout")
    upstream = Upstream([first, UpstreamRetriable("bdl: HTTP 503", upstream_status=503)], blocking={0})
    threading.Timer(0.05, upstream.release[0].set).start()
    with pytest.raises(UpstreamRetriable):
        hedged(upstream.fetch, AFTER_S, pool=pool)(timeout_s=1.0)
    assert len(upstream.timeouts) == 2


def test_a_final_answer_from_either_request_is_final(pool):
    upstream = Upstream(["never", UpstreamFatal("bdl: HTTP 404", upstream_status=404)], blocking={0})
    try:
        with pytest.raises(UpstreamFatal):
            hedged(upstream.fetch, AFTER_S, pool=pool)(timeout_s=1.0)
    finally:
        upstream.release[0].set()


@pytest.mark.parametrize(
    ("after_s", "timeout_s", "budget", "requests"),
    [
        (0.0, 1.0, None, 1),  # hedging off
        (AFTER_S, AFTER_S, None, 1),  # no time left for a second request
        (AFTER_S, 1.0, "retry budget of bdl spent", 1),  # the budget says no
        (AFTER_S, 1.0, None, 2),
    ],
)
def test_a_hedge_goes_out_only_when_on_in_time_and_within_the_budget(pool, after_s, timeout_s, budget, requests):
    upstream = Upstream(["page", "hedge"], blocking={0})
    threading.Timer(0.1, upstream.release[0].set).start()
    assert hedged(upstream.fetch, after_s, lambda: budget, pool=pool)(timeout_s=timeout_s) in {"page", "hedge"}
    assert len(upstream.timeouts) == requests
