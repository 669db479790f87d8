"""Freshness rules, pure: newest value + counts + clock + thresholds + game days → a verdict with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from shared.eastern import day_start, game_date


class Status(StrEnum):
    """Outcome of one check, most severe first in precedence: CHECK_FAILED, NO_DATA, STALE, NULL_TIMESTAMPS, WARN."""

    OK = "OK"
    WARN = "WARN"
    STALE = "STALE"
    NO_DATA = "NO_DATA"
    NULL_TIMESTAMPS = "NULL_TIMESTAMPS"
    CHECK_FAILED = "CHECK_FAILED"
    SCHEDULE_MISSING = "SCHEDULE_MISSING"  # a game-day check with no schedule rows in its window: never OK


@dataclass(frozen=True)
class Observation:
    """What the warehouse said about one check: MAX(column), COUNT(*), COUNTIF(column IS NULL), or an error."""

    newest: datetime | date | None = None
    rows: int = 0
    nulls: int = 0
    error: str | None = None


@dataclass(frozen=True)
class GameDays:
    """ET dates with a game, known from `known_from` (inclusive) on; earlier dates count as game days."""

    dates: frozenset[date]
    known_from: date

    def is_game_day(self, day: date) -> bool:
        """Whether hours of this ET date count."""
        return day < self.known_from or day in self.dates


@dataclass(frozen=True)
class Verdict:
    """A check's result: status, hours stale (None when unknown) and why."""

    status: Status
    hours_stale: float | None
    reason: str


def as_utc(value: datetime | date) -> datetime:
    """TIMESTAMP as is; DATETIME (naive) read as UTC; DATE as midnight US/Eastern of that date."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return day_start(value)


def game_day_hours(start: datetime, end: datetime, game_days: GameDays) -> float:
    """Hours between start and end that fall on game days (US/Eastern dates; DST-correct)."""
    if end <= start:
        return 0.0
    boundary = max(start, min(end, day_start(game_days.known_from)))
    seconds = (boundary - start).total_seconds()  # before the window every day counts
    day = game_date(boundary)
    while day_start(day) < end:
        lo, hi = max(boundary, day_start(day)), min(end, day_start(day + timedelta(days=1)))
        if hi > lo and game_days.is_game_day(day):
            seconds += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return seconds / 3600


def evaluate(
    obs: Observation,
    *,
    column: str,
    warn_after: float,
    error_after: float,
    now: datetime,
    game_days: GameDays | None = None,
    game_days_only: bool = False,
    has_filter: bool = False,
) -> Verdict:
    """Apply the rules; with game_days_only the clock stops on days without games (schedule unknown: wall clock)."""
    if obs.error is not None:
        return Verdict(Status.CHECK_FAILED, None, obs.error)
    if obs.rows == 0:
        return Verdict(Status.NO_DATA, None, "no rows match the filter" if has_filter else "the table has no rows")
    if obs.newest is None:
        return Verdict(Status.NULL_TIMESTAMPS, None, f"all {obs.rows} rows have NULL {column}")
    if game_days_only and game_days is not None and not game_days.dates:
        since = f"{game_days.known_from:%Y-%m-%d}"
        return Verdict(Status.SCHEDULE_MISSING, None, f"schedule missing: no schedule rows since {since}")
    newest = as_utc(obs.newest)
    wall = max(0.0, (now - newest).total_seconds() / 3600)
    hours, basis = wall, "h old"
    if game_days_only and game_days is not None:
        hours = game_day_hours(newest, now, game_days)
        basis = f"game-day h old ({wall:.1f} h wall clock; days without games do not count)"
    elif game_days_only:
        basis = "h old (schedule unknown: wall clock)"
    reason = f"newest {column} {newest:%Y-%m-%dT%H:%M:%SZ} is {hours:.1f} {basis}"
    nulls = f"; {obs.nulls} of {obs.rows} rows have NULL {column}" if obs.nulls else ""
    shown = round(hours, 2)
    if hours > error_after:
        return Verdict(Status.STALE, shown, f"{reason}, error after {error_after:g} h{nulls}")
    if obs.nulls:
        return Verdict(Status.NULL_TIMESTAMPS, shown, f"{reason}{nulls}")
    if hours > warn_after:
        return Verdict(Status.WARN, shown, f"{reason}, warn after {warn_after:g} h")
    return Verdict(Status.OK, shown, reason)
