"""US/Eastern time: NBA game dates are Eastern dates; every instant we store is UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ET = ZoneInfo("America/New_York")


def game_date(moment: datetime) -> date:
    """The US/Eastern calendar date of an aware instant (a 01:40Z tip-off is the previous evening's game)."""
    return moment.astimezone(ET).date()


def eastern_today(now: datetime) -> date:
    """Today's US/Eastern date at `now` (the caller's clock)."""
    return game_date(now)


def et_clock(moment: datetime) -> str:
    """`HH:MM` in US/Eastern, for reasons a person reads."""
    return moment.astimezone(ET).strftime("%H:%M")


def day_start(day: date) -> datetime:
    """The UTC instant at which the Eastern date `day` begins (DST-aware)."""
    return datetime.combine(day, time(0), tzinfo=ET).astimezone(UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where the Eastern day starts and the next one starts."""
    return day_start(day), day_start(day + timedelta(days=1))
