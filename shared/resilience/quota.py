"""The Odds API's credit headers read defensively, and when a monthly quota period starts and resets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

QUOTA_HEADERS = ("x-requests-remaining", "x-requests-used", "x-requests-last")


@dataclass(frozen=True)
class QuotaReading:
    """What one answer said about credits; a header that was missing or unreadable is None."""

    remaining: int | None
    used: int | None
    last: int | None


def read_quota(headers: Mapping[str, str]) -> tuple[QuotaReading | None, list[str]]:
    """The reading (None when no header could be read) and one warning per missing or bad header."""
    values: dict[str, int | None] = {}
    warnings: list[str] = []
    for name in QUOTA_HEADERS:
        raw = headers.get(name)
        values[name] = _count(raw)
        if values[name] is None:
            warnings.append(f"{name} {'missing' if raw is None else f'not a count >= 0: {raw[:32]!r}'}; ignored")
    remaining, used, last = (values[n] for n in QUOTA_HEADERS)
    if remaining is None and used is None and last is None:
        return None, warnings
    return QuotaReading(remaining, used, last), warnings


def _count(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        return None
    if value != value or value < 0 or value in (float("inf"),):  # NaN, negative, infinite
        return None
    return int(value)


def period_start(now: datetime, reset_day: int) -> datetime:
    """The start of the quota period holding `now`: 00:00 UTC on `reset_day` of this month or the last."""
    now = now.astimezone(UTC)
    start = now.replace(day=reset_day, hour=0, minute=0, second=0, microsecond=0)
    if start > now:
        start = _shift_month(start, -1)
    return start


def next_reset(now: datetime, reset_day: int) -> datetime:
    """When the quota period holding `now` ends."""
    return _shift_month(period_start(now, reset_day), 1)


def _shift_month(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1)
