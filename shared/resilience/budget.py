"""Upstream budgets as a fold: append-only facts in, each upstream's state out; admission rules; no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.eastern import game_date
from shared.resilience import credits

CLOSING_KINDS = ("exhausted", "cooldown")  # facts that close an upstream until their `until`
REOPENED = "reopened"  # an operator's hand: ends every closure before it and forgets the credits last read
PRIORITY_STEP = 0.1  # a workflow of priority p may spend (1 - 0.1 * (p - 1)) of the daily credits


@dataclass(frozen=True)
class BudgetFact:
    """One thing that happened to an upstream (kind: quota, exhausted, cooldown, success, retry, ...)."""

    event_id: str
    upstream: str
    kind: str
    occurred_at: datetime
    until: datetime | None = None
    credits_remaining: int | None = None
    credits_used: int | None = None
    credits_last: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class BudgetRules:
    """The budget's settings: retry tokens (capacity, refill per success, window) and the daily credits."""

    retry_ratio: float
    retry_capacity: float
    window: timedelta
    daily_credits: int


@dataclass
class UpstreamState:
    """What the facts say about one upstream now."""

    upstream: str
    tokens: float
    closed_until: datetime | None = None
    closed_reason: str | None = None
    closed_kind: str | None = None
    credits_remaining: int | None = None
    credits_used: int | None = None  # the highest x-requests-used read: credits the upstream says it charged
    credits_by_day: dict[date, int] = field(default_factory=dict)
    largest_cost_by_day: dict[date, int] = field(default_factory=dict)
    used_by_day: dict[date, int] = field(default_factory=dict)
    last_by_day: dict[date, int] = field(default_factory=dict)
    reserved: dict[str, tuple[datetime, int]] = field(default_factory=dict)  # reservation -> (at, credits)
    lost: dict[str, credits.Lost] = field(default_factory=dict)  # requests never answered, by reservation
    settled: set[str] = field(default_factory=set)
    reopened_at: datetime | None = None
    reopened_reason: str | None = None


def fold(facts: Iterable[BudgetFact], rules: BudgetRules, now: datetime) -> dict[str, UpstreamState]:
    """Every upstream's state: closures still running, the retry bucket over the window, credits seen."""
    states: dict[str, UpstreamState] = {}
    recent = now - rules.window
    for fact in sorted(facts, key=lambda f: (f.occurred_at, f.event_id)):
        state = states.setdefault(fact.upstream, UpstreamState(fact.upstream, rules.retry_capacity))
        if fact.kind in CLOSING_KINDS and fact.until is not None and fact.until > now:
            if state.closed_until is None or fact.until > state.closed_until:
                state.closed_until, state.closed_reason, state.closed_kind = fact.until, fact.reason, fact.kind
        elif fact.kind == "quota":
            credits.count_reading(state, fact)  # remaining only falls in a period: the lowest reading is the truth
        elif fact.kind in _CREDIT_STEPS:
            _CREDIT_STEPS[fact.kind](state, fact)
        elif fact.kind == REOPENED:
            _reopen(state, fact, rules)
        elif fact.kind == "success" and fact.occurred_at >= recent:
            state.tokens = min(rules.retry_capacity, state.tokens + rules.retry_ratio)
        elif fact.kind == "retry" and fact.occurred_at >= recent:
            state.tokens = max(0.0, state.tokens - 1.0)
    for state in states.values():
        credits.finish(state, now)
    return states


_CREDIT_STEPS: dict[str, Callable[[UpstreamState, BudgetFact], None]] = {
    "reserve": credits.reserve,
    "released": lambda state, fact: credits.settle(state, fact.reason or ""),
    "unanswered": credits.unanswered,
}


def _reopen(state: UpstreamState, fact: BudgetFact, rules: BudgetRules) -> None:
    """Closures before the reopen end; the credits read before it are forgotten (a new key, a bigger plan)."""
    state.closed_until = state.closed_reason = state.closed_kind = None
    state.credits_remaining, state.lost = None, {}
    state.tokens = rules.retry_capacity
    state.reopened_at, state.reopened_reason = fact.occurred_at, fact.reason


def state_of(states: dict[str, UpstreamState], upstream: str, rules: BudgetRules) -> UpstreamState:
    """The upstream's state; one with no facts is open with a full bucket."""
    return states.get(upstream) or UpstreamState(upstream, rules.retry_capacity)


def closed(state: UpstreamState, now: datetime) -> str | None:
    """Why the upstream must not be called now (quota exhausted or cooling down), or None."""
    if state.closed_until is None or state.closed_until <= now:
        return None
    what = "quota exhausted" if state.closed_kind == "exhausted" else "cooling down"
    until = state.closed_until.isoformat().replace("+00:00", "Z")
    return f"{state.upstream}: {what} until {until}" + (f" ({state.closed_reason})" if state.closed_reason else "")


def credit_share(priority: int) -> float:
    """The part of the daily credits a workflow of `priority` (1 = most important) may spend."""
    return max(0.0, 1.0 - PRIORITY_STEP * (priority - 1))


def admit_call(state: UpstreamState, rules: BudgetRules, now: datetime, priority: int) -> str | None:
    """None when the call may go out; else why not (closed, or the daily credits kept for higher priorities)."""
    reason = closed(state, now)
    if reason is not None or not state.credits_by_day:
        return reason
    today = game_date(now)
    used, cost = state.credits_by_day.get(today, 0), state.largest_cost_by_day.get(today, 1)
    allowed = rules.daily_credits * credit_share(priority)
    if used + cost > allowed:
        return (
            f"{state.upstream}: daily credit budget: {used} of {rules.daily_credits} used today, the next call "
            f"costs ~{cost}; priority {priority} workflows stop at {allowed:g}"
        )
    return None


def admit_retry(state: UpstreamState, rules: BudgetRules) -> str | None:
    """None when a retry may go out (a whole token left); else why the retry is skipped."""
    if state.tokens >= 1.0:
        return None
    return (
        f"retry budget of {state.upstream} spent ({state.tokens:.2f} tokens; retries are limited to "
        f"{rules.retry_ratio:.0%} of recent successes plus a reserve of {rules.retry_capacity:g})"
    )
