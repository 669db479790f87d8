"""Credits in the budget fold: reservations, answers that never came, x-requests-used as the truth, reopening."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.resilience import credits
from shared.resilience.budget import BudgetFact, BudgetRules, closed, fold, state_of

NOW = datetime(2026, 11, 28, 18, tzinfo=UTC)
RULES = BudgetRules(retry_ratio=0.2, retry_capacity=3, window=timedelta(hours=1), daily_credits=100)


def at(second: int) -> datetime:
    return NOW - timedelta(seconds=100 - second)


def fact(i: int, kind: str, **values) -> BudgetFact:
    return BudgetFact(f"{i:04d}", "oddsapi", kind, at(i), **values)


def reading(i: int, remaining: int, used: int, last: int = 1, settles: str | None = None) -> BudgetFact:
    return fact(i, "quota", credits_remaining=remaining, credits_used=used, credits_last=last, reason=settles)


def state(*facts: BudgetFact):
    return state_of(fold(list(facts), RULES, NOW), "oddsapi", RULES)


def test_with_no_reading_one_request_at_a_time_finds_out():
    assert credits.admit_reserved(state(), 1) is None
    probing = state(fact(1, "reserve", credits_last=1))
    assert "credits unknown" in (credits.admit_reserved(probing, 1) or "")


@pytest.mark.parametrize(("reserved", "admitted"), [(1, True), (3, True), (4, False)])
def test_every_reservation_held_must_fit_the_credits_last_read(reserved: int, admitted: bool):
    facts = [reading(1, 3, 97), *(fact(10 + i, "reserve", credits_last=1) for i in range(reserved))]
    assert (credits.admit_reserved(state(*facts)) is None) is admitted


def test_an_answer_settles_its_reservation_with_its_reading():
    s = state(reading(1, 2, 98), fact(2, "reserve", credits_last=1), reading(3, 1, 99, settles="0002"))
    assert s.reserved == {} and credits.held(s) == 0 and s.credits_remaining == 1


def test_a_request_never_answered_stays_held_until_an_answer_sent_after_it_was_given_up():
    lost = [reading(1, 2, 98), fact(2, "reserve", credits_last=1), fact(5, "unanswered", reason="0002")]
    assert credits.held(state(*lost)) == 1 and credits.uncertain(state(*lost)) == 1
    earlier = [*lost[:2], fact(3, "reserve", credits_last=1), lost[2], reading(6, 0, 100, settles="0003")]
    assert credits.held(state(*earlier)) == 1  # sent before the loss: its count may not include the lost one
    later = [*lost, fact(7, "reserve", credits_last=1), reading(8, 0, 100, settles="0007")]
    assert credits.held(state(*later)) == 0


def test_x_requests_used_is_the_truth_timed_out_answers_included():
    # Three requests charged, the middle one timed out: x-requests-last sums to 2, x-requests-used says 3.
    s = state(reading(1, 9, 1), fact(2, "reserve"), fact(3, "unanswered", reason="0002"), reading(4, 7, 3))
    assert credits.charged(s) == 3 and s.credits_by_day[NOW.date()] == 3


def test_credits_per_day_are_the_growth_of_x_requests_used():
    yesterday = NOW - timedelta(days=1)
    facts = [
        BudgetFact("a", "oddsapi", "quota", yesterday, credits_remaining=90, credits_used=10, credits_last=1),
        reading(1, 85, 15),
        reading(2, 82, 18),
    ]
    days = state(*facts).credits_by_day
    assert days == {yesterday.date(): 10, NOW.date(): 8}


def test_a_reopen_ends_the_closures_before_it_and_forgets_the_credits_read():
    until = NOW + timedelta(days=3)
    exhausted = fact(1, "exhausted", until=until, reason="x-requests-remaining: 0")
    s = state(reading(0, 0, 500), exhausted, fact(2, "reopened", reason="ana: new key"))
    assert closed(s, NOW) is None and s.credits_remaining is None and s.reopened_reason == "ana: new key"
    assert credits.admit_reserved(s, 1) is None  # the first request finds out the new key's credits


def test_a_closure_after_the_reopen_still_closes():
    again = fact(3, "cooldown", until=NOW + timedelta(minutes=5), reason="429")
    s = state(fact(1, "exhausted", until=NOW + timedelta(days=3)), fact(2, "reopened", reason="ana: new key"), again)
    assert "cooling down" in (closed(s, NOW) or "")


def test_a_stale_instance_cannot_undo_a_newer_reopen():
    """Instance B still holds its own exhausted fact (written before A's reopen): interleaved, the reopen wins."""
    b_exhausted = BudgetFact("b1", "oddsapi", "exhausted", at(1), until=NOW + timedelta(days=3))
    a_reopen = BudgetFact("a1", "oddsapi", "reopened", at(2), reason="ana: new key")
    b_stale = BudgetFact("b2", "oddsapi", "short_circuit", at(3), reason="quota exhausted (a stale view)")
    for order in ([b_exhausted, a_reopen, b_stale], [b_stale, a_reopen, b_exhausted], [a_reopen, b_stale, b_exhausted]):
        assert closed(state(*order), NOW) is None
