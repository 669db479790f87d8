"""The upstream budget's pure logic: facts folded into a state, call and retry admission, quota headers."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.resilience.budget import BudgetFact, BudgetRules, admit_call, admit_retry, closed, fold, state_of
from shared.resilience.quota import next_reset, period_start, read_quota

NOW = datetime(2026, 11, 28, 18, tzinfo=UTC)  # 13:00 ET, game date 2026-11-28
RULES = BudgetRules(retry_ratio=0.2, retry_capacity=3, window=timedelta(hours=1), daily_credits=100)


def facts(script: str, upstream: str = "espn") -> list[BudgetFact]:
    """`ok` = a success, `retry` = a retry spent, one second apart, ending at NOW."""
    steps = script.split()
    return [
        BudgetFact(f"{i:04d}", upstream, {"ok": "success"}.get(step, step), NOW - timedelta(seconds=len(steps) - i))
        for i, step in enumerate(steps)
    ]


@pytest.mark.parametrize(
    ("script", "tokens"),
    [
        ("", 3.0),  # a fresh upstream has its reserve
        ("retry retry", 1.0),
        ("retry retry retry retry", 0.0),  # never below zero
        ("retry retry retry ok ok ok ok ok", 1.0),  # five successes refill one retry at 20%
        ("ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok", 3.0),  # never above the reserve
    ],
)
def test_the_retry_bucket_is_a_fold_over_successes_and_retries(script: str, tokens: float) -> None:
    state = state_of(fold(facts(script), RULES, NOW), "espn", RULES)
    assert state.tokens == pytest.approx(tokens)


def test_a_hard_down_upstream_gets_only_its_reserve_of_retries_then_none() -> None:
    history: list[BudgetFact] = []
    allowed = 0
    for call in range(50):  # every first attempt fails; no success ever refills the bucket
        state = state_of(fold(history, RULES, NOW), "espn", RULES)
        if admit_retry(state, RULES) is None:
            allowed += 1
            history.append(BudgetFact(f"{call:04d}", "espn", "retry", NOW - timedelta(seconds=60 - call)))
    assert allowed == 3
    final = state_of(fold(history, RULES, NOW), "espn", RULES)
    assert "retry budget of espn spent" in (admit_retry(final, RULES) or "")


def test_facts_outside_the_window_no_longer_count() -> None:
    old = [BudgetFact(f"{i}", "espn", "retry", NOW - timedelta(hours=2)) for i in range(5)]
    assert state_of(fold(old, RULES, NOW), "espn", RULES).tokens == RULES.retry_capacity


def test_the_fold_does_not_depend_on_the_order_rows_arrive_in() -> None:
    history = facts("retry retry ok retry ok ok ok ok ok retry")
    forward = state_of(fold(history, RULES, NOW), "espn", RULES)
    backward = state_of(fold(list(reversed(history)), RULES, NOW), "espn", RULES)
    assert forward.tokens == pytest.approx(backward.tokens)


@pytest.mark.parametrize(
    ("kind", "until", "expect"),
    [
        ("cooldown", NOW + timedelta(minutes=30), "espn: cooling down until 2026-11-28T18:30:00Z"),
        ("exhausted", NOW + timedelta(days=3), "espn: quota exhausted until 2026-12-01T18:00:00Z"),
        ("cooldown", NOW - timedelta(seconds=1), None),  # already over
    ],
)
def test_a_closure_short_circuits_calls_until_it_ends(kind: str, until: datetime, expect: str | None) -> None:
    history = [BudgetFact("1", "espn", kind, NOW - timedelta(minutes=1), until=until, reason="why")]
    state = state_of(fold(history, RULES, NOW), "espn", RULES)
    reason = admit_call(state, RULES, NOW, priority=1)
    assert (reason or "").startswith(expect or "") and (reason is None) == (expect is None)
    assert closed(state, until + timedelta(seconds=1)) is None


def test_a_stale_shorter_closure_does_not_shorten_a_longer_one() -> None:
    long = BudgetFact("2", "espn", "cooldown", NOW - timedelta(minutes=2), until=NOW + timedelta(hours=1))
    short = BudgetFact("3", "espn", "cooldown", NOW - timedelta(minutes=1), until=NOW + timedelta(minutes=5))
    assert state_of(fold([long, short], RULES, NOW), "espn", RULES).closed_until == NOW + timedelta(hours=1)


def quota(i: int, remaining: int, last: int, at: datetime = NOW) -> BudgetFact:
    return BudgetFact(f"{i:04d}", "oddsapi", "quota", at, credits_remaining=remaining, credits_last=last)


@pytest.mark.parametrize(
    ("used_today", "priority", "admitted"),
    [
        (80, 1, True),  # priority 1 may spend all 100
        (80, 3, False),  # priority 3 stops at 80: 80 + 10 > 80
        (85, 2, True),  # priority 2 stops at 90: 85 + 5 = 90 still fits
        (95, 1, True),
        (96, 1, False),  # 96 + 5 > 100
        (5, 5, True),  # priority 5 stops at 60
    ],
)
def test_the_daily_credit_budget_skips_lower_priorities_first(used_today: int, priority: int, admitted: bool) -> None:
    yesterday = quota(0, 5000, 500, NOW - timedelta(days=1))  # another game day: not counted today
    today = [quota(1 + i, 4000 - 5 * i, 5) for i in range(used_today // 5)] + [quota(99, 0, used_today % 5)]
    state = state_of(fold([yesterday, *today], RULES, NOW), "oddsapi", RULES)
    reason = admit_call(state, RULES, NOW, priority)
    assert (reason is None) is admitted
    if not admitted:
        assert reason is not None and "daily credit budget" in reason and f"priority {priority}" in reason


def test_credits_remaining_is_the_lowest_reading_whatever_the_order() -> None:
    readings = [quota(1, 300, 1), quota(2, 290, 1), quota(3, 295, 1)]  # 3 arrived late from another instance
    state = state_of(fold(readings, RULES, NOW), "oddsapi", RULES)
    assert state.credits_remaining == 290
    assert sum(state.credits_by_day.values()) == 3


@pytest.mark.parametrize(
    ("headers", "reading", "warnings"),
    [
        ({"x-requests-remaining": "42", "x-requests-used": "8", "x-requests-last": "1"}, (42, 8, 1), 0),
        ({"x-requests-remaining": "-5", "x-requests-used": "8", "x-requests-last": "1"}, (None, 8, 1), 1),
        ({"x-requests-remaining": "lots", "x-requests-used": "8"}, (None, 8, None), 2),
        ({"x-requests-remaining": "nan", "x-requests-used": "", "x-requests-last": "inf"}, None, 3),
        ({}, None, 3),
    ],
)
def test_bad_quota_headers_are_ignored_with_a_warning(headers: dict, reading: tuple | None, warnings: int) -> None:
    got, said = read_quota(headers)
    assert (None if got is None else (got.remaining, got.used, got.last)) == reading
    assert len(said) == warnings


@pytest.mark.parametrize(
    ("now", "day", "start", "reset"),
    [
        (NOW, 1, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)),
        (NOW, 28, datetime(2026, 11, 28, tzinfo=UTC), datetime(2026, 12, 28, tzinfo=UTC)),
        (datetime(2026, 12, 20, tzinfo=UTC), 15, datetime(2026, 12, 15, tzinfo=UTC), datetime(2027, 1, 15, tzinfo=UTC)),
    ],
)
def test_the_quota_period_is_monthly_from_its_reset_day(now: datetime, day: int, start: datetime, reset: datetime):
    assert period_start(now, day) == start
    assert next_reset(now, day) == reset
