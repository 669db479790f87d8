"""Freshness rules: pure, clock injected, table-driven."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.freshness.rules import GameDays, Observation, Status, as_utc, evaluate, game_day_hours

NOW = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)  # 12:00 US/Eastern, Saturday 2026-11-28
TODAY = date(2026, 11, 28)


def hours_ago(h: float) -> datetime:
    return NOW - timedelta(hours=h)


def judge(obs: Observation, **kwargs) -> tuple[Status, float | None, str]:
    args = {"column": "processed_at", "warn_after": 12.0, "error_after": 24.0, "now": NOW, **kwargs}
    verdict = evaluate(obs, **args)
    return verdict.status, verdict.hours_stale, verdict.reason


@pytest.mark.parametrize(
    ("obs", "status", "hours"),
    [
        (Observation(hours_ago(1.5), rows=10), Status.OK, 1.5),
        (Observation(hours_ago(12.0), rows=10), Status.OK, 12.0),  # thresholds are "after": equal is not over
        (Observation(hours_ago(12.25), rows=10), Status.WARN, 12.25),
        (Observation(hours_ago(24.0), rows=10), Status.WARN, 24.0),
        (Observation(hours_ago(30.0), rows=10), Status.STALE, 30.0),
        (Observation(NOW + timedelta(hours=3), rows=1), Status.OK, 0.0),  # future values are not negative age
        (Observation(None, rows=0), Status.NO_DATA, None),
        (Observation(None, rows=4, nulls=4), Status.NULL_TIMESTAMPS, None),
        (Observation(hours_ago(2), rows=4, nulls=1), Status.NULL_TIMESTAMPS, 2.0),
        (Observation(hours_ago(40), rows=4, nulls=1), Status.STALE, 40.0),  # stale outranks some NULLs
        (Observation(error="column nope is not in table nba_raw.x"), Status.CHECK_FAILED, None),
    ],
)
def test_status_from_newest_counts_and_thresholds(obs, status, hours):
    got_status, got_hours, reason = judge(obs)
    assert (got_status, got_hours) == (status, hours)
    assert reason


def test_reasons_name_what_was_found():
    assert judge(Observation(hours_ago(30), rows=3))[2] == (
        "newest processed_at 2026-11-27T11:00:00Z is 30.0 h old, error after 24 h"
    )
    assert judge(Observation(None, rows=0), has_filter=True)[2] == "no rows match the filter"
    assert "1 of 4 rows have NULL processed_at" in judge(Observation(hours_ago(2), rows=4, nulls=1))[2]
    assert judge(Observation(error="table nba_raw.nope is not in the schemas in code"))[2].startswith("table nba_raw")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 11, 28, 6, 0, tzinfo=UTC), datetime(2026, 11, 28, 6, 0, tzinfo=UTC)),
        (datetime(2026, 11, 28, 1, 0), datetime(2026, 11, 28, 1, 0, tzinfo=UTC)),  # DATETIME read as UTC
        (date(2026, 11, 28), datetime(2026, 11, 28, 5, 0, tzinfo=UTC)),  # DATE: midnight EST
        (date(2026, 7, 4), datetime(2026, 7, 4, 4, 0, tzinfo=UTC)),  # DATE: midnight EDT
    ],
)
def test_timestamp_datetime_and_date_values(value, expected):
    assert as_utc(value) == expected


def test_date_column_age_is_from_midnight_eastern():
    status, hours, _ = judge(Observation(date(2026, 11, 27), rows=30), warn_after=30, error_after=48)
    assert (status, hours) == (Status.WARN, 36.0)  # 2026-11-27 00:00 EST = 05:00Z; now is 17:00Z next day


# Friday 2026-11-27 had games, Saturday 2026-11-28 (today) has none.
FRIDAY_ONLY = GameDays(frozenset({date(2026, 11, 27)}), known_from=TODAY - timedelta(days=14))
BOTH_DAYS = GameDays(frozenset({date(2026, 11, 27), TODAY}), known_from=TODAY - timedelta(days=14))
NEWEST = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)  # Friday 18:00 ET, 18 h before now


@pytest.mark.parametrize(
    ("game_days", "game_days_only", "status", "hours"),
    [
        (BOTH_DAYS, True, Status.STALE, 18.0),  # game day: the full 18 h count
        (FRIDAY_ONLY, True, Status.OK, 6.0),  # off day: only Friday 18:00-24:00 ET counts
        (FRIDAY_ONLY, False, Status.STALE, 18.0),  # not a game-days-only check: wall clock
        (None, True, Status.STALE, 18.0),  # schedule unknown: wall clock, said in the reason
    ],
)
def test_game_day_versus_off_day_thresholds(game_days, game_days_only, status, hours):
    got_status, got_hours, reason = judge(
        Observation(NEWEST, rows=5),
        warn_after=8,
        error_after=12,
        game_days=game_days,
        game_days_only=game_days_only,
    )
    assert (got_status, got_hours) == (status, hours)
    if game_days_only and game_days is FRIDAY_ONLY:
        assert "18.0 h wall clock" in reason
    if game_days is None and game_days_only:
        assert "schedule unknown" in reason


@pytest.mark.parametrize(
    ("start", "end", "dates", "expected"),
    [
        # two off days in a row: nothing accrues
        (datetime(2026, 11, 28, 5, tzinfo=UTC), datetime(2026, 11, 30, 5, tzinfo=UTC), set(), 0.0),
        # DST ends 2026-11-01 (a 25-hour game day)
        (datetime(2026, 11, 1, 4, tzinfo=UTC), datetime(2026, 11, 2, 5, tzinfo=UTC), {date(2026, 11, 1)}, 25.0),
        # Nov 10-12 precede the known window (count: 72 h); of Nov 13-15 only the listed 15th counts (24 h)
        (datetime(2026, 11, 10, 5, tzinfo=UTC), datetime(2026, 11, 16, 5, tzinfo=UTC), {date(2026, 11, 15)}, 96.0),
        (NOW, NOW - timedelta(hours=1), {TODAY}, 0.0),
    ],
)
def test_game_day_hours(start, end, dates, expected):
    window = GameDays(frozenset(dates), known_from=date(2026, 11, 13))
    assert game_day_hours(start, end, window) == pytest.approx(expected)


NO_SCHEDULE = GameDays(frozenset(), known_from=TODAY - timedelta(days=14))


@pytest.mark.parametrize(
    ("newest", "game_days_only", "status"),
    [
        (hours_ago(24 * 5), True, Status.SCHEDULE_MISSING),  # 5-day-old props, no schedule: never OK
        (hours_ago(1), True, Status.SCHEDULE_MISSING),
        (hours_ago(24 * 5), False, Status.STALE),  # wall-clock checks do not need the schedule
    ],
)
def test_missing_schedule_is_its_own_finding(newest, game_days_only, status):
    got_status, _, reason = judge(Observation(newest, rows=5), game_days=NO_SCHEDULE, game_days_only=game_days_only)
    assert got_status is status
    if status is Status.SCHEDULE_MISSING:
        assert reason == "schedule missing: no schedule rows since 2026-11-14"
