"""What each simulated day brings, by named profile (pure): upstream faults, a warehouse outage, an upstream down."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Any

# Transient faults about 40% of requests, malformed bodies 10%: the season's hostile weather.
HOSTILE_GLOBAL = {"rate_429": 0.1, "rate_5xx": 0.15, "rate_slow": 0.03, "rate_reset": 0.12, "rate_malformed": 0.1}
# ESPN's 429s ask for an hour: longer than any workflow's deadline, so a call fails fast and ESPN cools down.
LONG_RETRY_AFTER = {"espn": {**HOSTILE_GLOBAL, "retry_after_s": 3600}}
HOSTILE_CREDITS = 300  # Odds API credits a month: a season's usage runs out mid-month and resets on the 1st
OUTAGE_HOURS = (time(9), time(13))  # ET: the warehouse down across the morning's workflows
UPSTREAM_DOWN = ("bettingpros", time(8), time(15))  # ET: an upstream hard down for hours
OUTAGE_DAY, UPSTREAM_DOWN_DAY = 2, 4  # days after the season's first: early, so a short soak meets both


@dataclass(frozen=True)
class DayPlan:
    """One day: the stand-in's fault config, and the hours (ET) of a warehouse outage or an upstream down."""

    day: date
    faults: dict[str, Any]
    warehouse_down: tuple[time, time] | None = None
    upstream_down: tuple[str, time, time] | None = None
    notes: tuple[str, ...] = field(default=())

    def upstream_down_at(self, at: time) -> str | None:
        """The upstream that is down at `at` (ET), if any."""
        if self.upstream_down and self.upstream_down[1] <= at < self.upstream_down[2]:
            return self.upstream_down[0]
        return None

    def warehouse_down_at(self, at: time) -> bool:
        """Whether the warehouse is down at `at` (ET)."""
        return bool(self.warehouse_down and self.warehouse_down[0] <= at < self.warehouse_down[1])


def _mild(day: date, seed: int) -> DayPlan:
    return DayPlan(day, {"profile": "mild", "seed": seed})


def _none(day: date, seed: int) -> DayPlan:
    return DayPlan(day, {"profile": "none", "seed": seed})


def _hostile(day: date, seed: int) -> DayPlan:
    faults = {
        "seed": seed,
        "global": HOSTILE_GLOBAL,
        "upstreams": LONG_RETRY_AFTER,
        "odds_api_credits": HOSTILE_CREDITS,
    }
    faults |= {"slow_s": 1.5}  # past the soak stack's 1 s upstream timeout (SOAK_ENV)
    return DayPlan(day, faults)


PROFILES = {"none": _none, "mild": _mild, "hostile": _hostile}


def plan_days(profile: str, days: list[date], season_first: date | None = None, seed: int = 7) -> list[DayPlan]:
    """Each day's plan under `profile`. Hostile also puts a warehouse outage on the season's third day and an
    upstream down on its fifth (fixed to the season, so a resumed run keeps the same weather)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    first = season_first or (days[0] if days else date.min)
    plans = [PROFILES[profile](day, seed + (day - first).days) for day in days]
    if profile != "hostile":
        return plans
    outage, down = first + timedelta(days=OUTAGE_DAY), first + timedelta(days=UPSTREAM_DOWN_DAY)
    return [
        replace(p, warehouse_down=OUTAGE_HOURS, notes=("warehouse down 09:00-13:00 ET",)) if p.day == outage
        else replace(p, upstream_down=UPSTREAM_DOWN, notes=(f"{UPSTREAM_DOWN[0]} down 08:00-15:00 ET",))
        if p.day == down else p
        for p in plans
    ]  # fmt: skip
