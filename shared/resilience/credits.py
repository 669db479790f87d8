"""Credits in the budget fold: readings (x-requests-used is the truth), reservations held by requests in flight.

A billable request first appends a `reserve` fact; its answer's `quota` fact names the reservation (in `reason`)
and settles it. A request with no readable answer leaves an `unanswered` fact: its credit may have been charged
(a timed-out answer usually was): the next answer's x-requests-used counts it if so (that count is the truth, not the
sum of x-requests-last), and its credits stay held until an answer to a request sent after it was given up is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from shared.eastern import game_date

if TYPE_CHECKING:
    from shared.resilience.budget import BudgetFact, UpstreamState

RESERVATION_TTL = timedelta(minutes=10)  # a request never lives this long: a reservation older is forgotten


@dataclass
class Lost:
    """A request with no readable answer: when it was given up and the credits it may have cost."""

    at: datetime
    cost: int


def count_reading(state: UpstreamState, fact: BudgetFact) -> None:
    """One answer's credit headers: the lowest remaining, the highest used, per game day; settles its reservation."""
    if fact.reason:
        reserved = state.reserved.get(fact.reason)
        settle(state, fact.reason, answered_by=None if reserved is None else reserved[0])
    if fact.credits_remaining is not None:
        low = state.credits_remaining
        state.credits_remaining = fact.credits_remaining if low is None else min(low, fact.credits_remaining)
    day = game_date(fact.occurred_at)
    if fact.credits_used is not None:
        state.credits_used = max(state.credits_used or 0, fact.credits_used)
        state.used_by_day[day] = max(state.used_by_day.get(day, 0), fact.credits_used)
    if fact.credits_last is not None:
        state.last_by_day[day] = state.last_by_day.get(day, 0) + fact.credits_last
        state.largest_cost_by_day[day] = max(state.largest_cost_by_day.get(day, 1), fact.credits_last)


def reserve(state: UpstreamState, fact: BudgetFact) -> None:
    """A request about to go out holds its cost (in credits_last) until its answer settles it."""
    if fact.event_id not in state.settled:
        state.reserved[fact.event_id] = (fact.occurred_at, fact.credits_last or 1)


def settle(state: UpstreamState, reservation: str, *, answered_by: datetime | None = None) -> None:
    """The reservation is over; an answer to a request sent at `answered_by` frees the credits of requests given up
    before it was sent (it reached the upstream after them, so its x-requests-used surely counts them)."""
    state.settled.add(reservation)
    state.reserved.pop(reservation, None)
    if answered_by is not None:
        state.lost = {k: v for k, v in state.lost.items() if v.at >= answered_by}


def unanswered(state: UpstreamState, fact: BudgetFact) -> None:
    """No readable answer: the credit may have been charged; held until a later request's answer counts it."""
    reservation = fact.reason or ""
    held = state.reserved.pop(reservation, None)
    if held is not None and reservation not in state.settled:
        state.lost[reservation] = Lost(fact.occurred_at, held[1])
    state.settled.add(reservation)


def finish(state: UpstreamState, now: datetime) -> None:
    """Credits spent per game day (growth of x-requests-used where read, else the sum of x-requests-last)."""
    state.reserved = {k: v for k, v in state.reserved.items() if v[0] >= now - RESERVATION_TTL}
    before = 0
    for day in sorted(set(state.used_by_day) | set(state.last_by_day)):
        state.credits_by_day[day] = _spent(state, day, before)
        before = max(before, state.used_by_day.get(day, before))


def charged(state: UpstreamState) -> int | None:
    """Credits the upstream charged this period as its answers say: the highest x-requests-used read (timed-out
    requests included once any later answer is read)."""
    return state.credits_used


def _spent(state: UpstreamState, day: date, before: int) -> int:
    if day in state.used_by_day:
        return max(0, state.used_by_day[day] - before)
    return state.last_by_day.get(day, 0)


def uncertain(state: UpstreamState) -> int:
    """Credits of requests never answered and not yet surely counted by a later answer: charged or not, unknown."""
    return sum(lost.cost for lost in state.lost.values())


def held(state: UpstreamState) -> int:
    """Credits held by requests in flight and by requests whose answer never came."""
    return sum(held[1] for held in state.reserved.values()) + sum(lost.cost for lost in state.lost.values())


def admit_reserved(state: UpstreamState, extra: int = 0) -> str | None:
    """None when every reservation held (and `extra` more credits) fits the credits last read; else why not.

    No reading yet: one request at a time (a probe) until the first answer says how many are left.
    """
    taken = held(state) + extra
    if state.credits_remaining is None:
        if len(state.reserved) + (extra > 0) <= 1:
            return None
        return f"{state.upstream}: credits unknown until the request finding out is answered"
    if taken <= state.credits_remaining:
        return None
    return (
        f"{state.upstream}: no credits to reserve ({state.credits_remaining} remaining at the last answer, "
        f"{taken} held by requests in flight or unanswered)"
    )


def next_cost(state: UpstreamState, now: datetime) -> int:
    """What the next request is reserved at: the dearest request of the game day, at least 1."""
    return max(1, state.largest_cost_by_day.get(game_date(now), 1))
