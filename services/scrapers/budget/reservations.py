"""Credits reserved before a billable request (in memory first, then checked against every instance's facts)."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from shared.errors import QuotaExhausted, UpstreamClosed
from shared.resilience import credits

if TYPE_CHECKING:
    from services.scrapers.budget.upstream_budget import UpstreamBudget

TRIES = 6  # a reservation refused because it is contended is tried again (about 3 s in all)
FIRST_WAIT_S = 0.05  # then full jitter, doubling, at most MAX_WAIT_S
MAX_WAIT_S = 0.5
PROBE_WAIT_S = 1.0  # Retry-After of a call refused while the first request of a period finds out the credits


def reserve(
    budget: UpstreamBudget,
    upstream: str,
    scraper: str,
    *,
    patience_s: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    rng: random.Random | None = None,
) -> str:
    """A reservation id for one request's credits; raises (no network touched) when they are not there.

    Taken under the budget's lock, so this process's requests never pass each other; then every instance's
    reservations are read fresh: all of them (this one included) must fit the credits last read, or it is released.
    While the credits are unknown (a first request is finding out) it waits up to `patience_s` for that answer; a
    contended refusal is tried again a few times; a refusal for want of credits is final.
    """
    rng, refused, unknown, give_up_at = rng or random.Random(), "", False, monotonic() + patience_s
    for attempt in itertools.count():
        why, contended = _try(budget, upstream, scraper)
        if why is None:
            return contended
        refused, unknown = why, budget.store.state(upstream).credits_remaining is None
        wait = rng.uniform(0, min(MAX_WAIT_S, FIRST_WAIT_S * 2**attempt))
        if not (unknown and monotonic() + wait < give_up_at) and not (contended and attempt < TRIES - 1):
            break
        sleep(wait)
    budget.short_circuit(upstream, refused, scraper=scraper)
    if unknown:
        raise UpstreamClosed(refused, retry_after_s=PROBE_WAIT_S)
    raise QuotaExhausted(refused)


def _try(budget: UpstreamBudget, upstream: str, scraper: str) -> tuple[str | None, str]:
    """(None, reservation id) when granted; else (why not, "contended" when only the fresh read refused it)."""
    store = budget.store
    with budget.lock:
        state = store.state(upstream)
        cost = credits.next_cost(state, store.clock())
        refused = credits.admit_reserved(state, cost)
        if refused is not None:
            return refused, ""
        fact, row = store.hold(upstream, "reserve", scraper=scraper, credits_last=cost)
    store.write(row)
    fresh = store.state_fresh(upstream)
    # Credits unknown: one probe per instance (the lock made it this process's only one) finds out.
    refused = None if fresh.credits_remaining is None else credits.admit_reserved(fresh)
    if refused is None:
        return None, fact.event_id
    store.record(upstream, "released", scraper=scraper, reason=fact.event_id)
    return refused, "contended"


def unanswered(budget: UpstreamBudget, upstream: str, reservation: str, scraper: str) -> None:
    """The request got no readable answer: its credit stays held until a later answer's x-requests-used counts it."""
    budget.store.record(upstream, "unanswered", scraper=scraper, reason=reservation)
