"""Conversions every transform needs: UTC timestamps, minutes, american odds (Eastern dates: shared.eastern)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc(text: str) -> datetime:
    """An upstream timestamp as aware UTC; text without an offset ('2021-10-21 23:30:00') is taken as UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" ", "T", 1))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso_z(moment: datetime) -> str:
    """'2024-01-24T05:00:00Z': second precision, Z suffix (what the Odds API accepts)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def us_date(text: str) -> date:
    """'01/08/2025' or '10/23/2024 00:00:00' (NBA.com) → a date."""
    return datetime.strptime(text.split(" ")[0], "%m/%d/%Y").date()


def minutes(text: str | int | float | None) -> float | None:
    """BDL minutes: '38', '06', '28:30' → 38.0, 6.0, 28.5; blank → None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, int | float):
        return float(text)
    whole, _, seconds = text.strip().partition(":")
    return int(whole) + (int(seconds) / 60 if seconds else 0.0)


def american(price: int | float | None) -> int | None:
    """An american price as int; a non-integral price means decimal odds arrived (a shape error)."""
    if price is None:
        return None
    if isinstance(price, bool) or int(price) != price:
        raise ValueError(f"price {price!r} is not american odds")
    return int(price)
