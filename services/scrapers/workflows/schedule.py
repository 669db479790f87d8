"""Time rules of a workflow schedule in US/Eastern: windows, slots, and the Scheduler cron's ticks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.scrapers.workflows.models import Schedule
from shared.eastern import ET


def in_window(schedule: Schedule, moment: datetime) -> bool:
    """Whether the ET wall-clock time of `moment` is inside the window (both ends included)."""
    wall = moment.astimezone(ET).time().replace(second=0, microsecond=0)
    return schedule.window[0] <= wall <= schedule.window[1]


def slot_start(schedule: Schedule, moment: datetime) -> datetime:
    """Start (UTC) of the slot holding `moment`: the window start for once_a_day, else every N hours from it."""
    local = moment.astimezone(ET)
    start = datetime.combine(local.date(), schedule.window[0], tzinfo=ET)
    if schedule.every_hours:
        elapsed_h = (local.replace(tzinfo=None) - start.replace(tzinfo=None)) // timedelta(hours=1)
        start += timedelta(hours=(elapsed_h // schedule.every_hours) * schedule.every_hours)
    return start.astimezone(UTC)


def _field(spec: str, upper: int) -> list[int]:
    values: set[int] = set()
    for part in spec.split(","):
        base, _, step = part.partition("/")
        lo, hi = (0, upper) if base == "*" else (int(base.split("-")[0]), int(base.split("-")[-1]))
        values.update(range(lo, hi + 1, int(step or 1)))
    if not values or min(values) < 0 or max(values) > upper:
        raise ValueError(f"cron field {spec!r} is outside 0..{upper}")
    return sorted(values)


def cron_ticks(cron: str, day: date) -> list[datetime]:
    """The UTC moments a daily `M H * * *` cron (US/Eastern) fires on `day`; lists, ranges and */n allowed."""
    fields = cron.split()
    if len(fields) != 5 or fields[2:] != ["*", "*", "*"]:
        raise ValueError(f"cron {cron!r}: only `minute hour * * *` is supported")
    minutes, hours = _field(fields[0], 59), _field(fields[1], 23)
    return [datetime(day.year, day.month, day.day, h, m, tzinfo=ET).astimezone(UTC) for h in hours for m in minutes]
