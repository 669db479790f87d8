"""Transient faults of one upstream page retried inside the scrape: a few quick tries within the caller's time.

A scrape of several pages fails when any page fails; retrying only the failed page here costs one upstream
request and a short wait, where a failed /scrape costs the caller a whole new scrape (every page again, a
scraper_runs row, the executor's backoff). A 429 is not retried here: the caller owns the Retry-After wait.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from services.scrapers.scrape.fetch import Page
from shared.errors import UpstreamClosed, UpstreamRetriable
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier
from shared.settings import Settings


def page_policy(settings: Settings) -> RetryPolicy:
    """COURTSIDE_UPSTREAM_PAGE_ATTEMPTS tries per page, waits from COURTSIDE_UPSTREAM_PAGE_RETRY_BASE_S."""
    base = settings.upstream_page_retry_base_s
    return RetryPolicy(settings.upstream_page_attempts, None, base, 4 * base, settings.upstream_timeout_s, name="page")


PAGE_RETRY_EVENT = "page_retry"


class PageRetry:
    """Gets one page under the page policy, never past `deadline_at` (the caller's, on `clock`)."""

    def __init__(
        self,
        settings: Settings,
        deadline_at: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        # page_retry, not retry_attempt: that event counts the executor's retries, one per recorded retry
        self.retrier = Retrier(page_policy(settings), clock=clock, sleep=sleep, rng=rng, event=PAGE_RETRY_EVENT)
        self.deadline_at = deadline_at

    def get(
        self,
        fetch: Callable[..., Page],
        *,
        name: str,
        fields: Mapping[str, Any],
        may_retry: Callable[[], str | None] | None = None,
    ) -> Page:
        """fetch(timeout_s=...) until a page arrives; the last retriable error is raised when the tries run out.

        `may_retry` (the upstream's retry budget) is asked before each retry: a page retry is an upstream retry.
        """
        outcome = self.retrier.call(
            _try(fetch), name=name, deadline_at=self.deadline_at, fields=fields, may_retry=may_retry
        )
        if outcome.last.ok:
            return outcome.last.value  # type: ignore[no-any-return]
        if isinstance(outcome.last.value, UpstreamRetriable):
            raise outcome.last.value
        raise UpstreamRetriable(f"{name}: no time left for the page ({outcome.last.error})")


def _try(fetch: Callable[..., Page]) -> Callable[[float], Attempt]:
    def attempt(timeout_s: float) -> Attempt:
        try:
            return Attempt(ok=True, status=200, value=fetch(timeout_s=timeout_s))
        except UpstreamRetriable as exc:
            # The caller waits out a 429 (Retry-After) under its own policy; a closed upstream is answered at once.
            again = exc.upstream_status != 429 and not isinstance(exc, UpstreamClosed)
            return Attempt(ok=False, status=exc.upstream_status or "transport", error=exc.message, retriable=again,
                           retry_after_s=exc.retry_after_s, value=exc)  # fmt: skip

    return attempt
