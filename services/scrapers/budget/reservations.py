"""Credits reserved before a billable request (in memory first, then checked against every instance's facts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.errors import QuotaExhausted, UpstreamClosed
from shared.resilience import credits

if TYPE_CHECKING:
    from services.scrapers.budget.upstream_budget import UpstreamBudget

PROBE_WAIT_S = 1.0  # Retry-After of a call refused while the first request of a period finds out the credits


def reserve(budget: UpstreamBudget, upstream: str, scraper: str) -> str:
    """A reservation id for one request's credits; raises (no network touched) when they are not there.

    Taken here under the budget's lock, so this process's requests never pass each other; then every instance's
    reservations are read fresh: all of them (this one included) must fit the credits last read, or it is released.
    """
    store = budget.store
    with budget.lock:
        state = store.state(upstream)
        cost = credits.next_cost(state, store.clock())
        refused = credits.admit_reserved(state, cost)
        if refused is None:
            fact, row = store.hold(upstream, "reserve", scraper=scraper, credits_last=cost)
    if refused is None:
        store.write(row)
        refused = credits.admit_reserved(store.state_fresh(upstream))
        if refused is None:
            return fact.event_id
        store.record(upstream, "released", scraper=scraper, reason=fact.event_id)
    budget.short_circuit(upstream, refused, scraper=scraper)
    if store.state(upstream).credits_remaining is None:
        raise UpstreamClosed(refused, retry_after_s=PROBE_WAIT_S)
    raise QuotaExhausted(refused)


def unanswered(budget: UpstreamBudget, upstream: str, reservation: str, scraper: str) -> None:
    """The request got no readable answer: its credit stays held until a later answer's x-requests-used counts it."""
    budget.store.record(upstream, "unanswered", scraper=scraper, reason=reservation)
