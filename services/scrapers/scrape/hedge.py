"""A hedged page request: when the upstream has not answered within the hedge delay, a second identical request
races the first and the first answer wins. A stalled request then costs the delay, not the whole timeout, for the
same one extra request a timeout and retry would make (a request slower than the delay but inside the timeout
costs one extra request)."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from shared.errors import UpstreamRetriable
from shared.log import log_event

T = TypeVar("T")
logger = logging.getLogger(__name__)
HEDGE_EVENT = "page_hedged"

# Shared by every scrape of the process; a request that lost the race holds a worker until its timeout.
_POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix="hedge")


def hedged(
    fetch: Callable[..., T],
    after_s: float,
    may_hedge: Callable[[], str | None] | None = None,
    *,
    pool: ThreadPoolExecutor = _POOL,
) -> Callable[..., T]:
    """`fetch(timeout_s=...)`, raced against a second call started `after_s` into the first (0: not hedged).

    `may_hedge` (the upstream's retry budget) is asked before the second request: a refusal waits for the first.
    A retriable failure of one request waits for the other; any other answer or error is final.
    """
    if after_s <= 0:
        return fetch

    def race(*, timeout_s: float) -> T:
        first = _submit(pool, fetch, timeout_s)
        done, _ = wait([first], timeout=min(after_s, timeout_s))
        if done or timeout_s <= after_s or (may_hedge is not None and may_hedge() is not None):
            return first.result()
        log_event(logger, f"page request unanswered after {after_s:g} s: racing a second", event=HEDGE_EVENT,
                  after_s=after_s)  # fmt: skip
        return _first_answer([first, _submit(pool, fetch, timeout_s - after_s)])

    return race


def _submit(pool: ThreadPoolExecutor, fetch: Callable[..., T], timeout_s: float) -> Future[T]:
    # Each request runs in a copy of the caller's context: its log lines keep the scrape's trace and fields.
    return pool.submit(contextvars.copy_context().run, fetch, timeout_s=timeout_s)


def _first_answer(racing: list[Future[T]]) -> T:
    """The first answer; a retriable failure waits for the other request, and the last one is raised."""
    pending = set(racing)
    while True:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        failed = None
        for future in done:
            try:
                return future.result()
            except UpstreamRetriable as exc:
                failed = exc
        if not pending and failed is not None:
            raise failed
