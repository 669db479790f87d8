"""Consecutive simulated days through the local stack: each day's ticks, its outages, the daily checks, its report."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any

import requests

from local.conservation import DayConservation, conserve, record
from local.day_plans import DayPlan
from local.gameday import GameDayResult, post_json, run_game_day
from local.platform_limits import DayLimits, WriteLog, count_limits
from local.stack import Stack
from local.upstream_standin.faults import RATES
from services.scrapers.archive.ledger import Ledger
from services.scrapers.archive.local import LocalArchive
from shared.clock import SimulatedClock
from shared.eastern import ET
from shared.warehouse import Warehouse

FRESHNESS_AT = clock_time(23, 30)  # ET: the day's freshness check, after its last workflows (Scheduler job)
DAY_ENDS_AT = clock_time(23, 45)  # ET: where the clock stands still between played days


@dataclass
class DayReport:
    """What one simulated day did and what the warehouse says about it."""

    plan: DayPlan
    games: int
    result: GameDayResult
    freshness: dict[str, Any] = field(default_factory=dict)
    conservation: DayConservation | None = None
    limits: DayLimits | None = None
    wall_s: float = 0.0

    @property
    def ok(self) -> bool:
        """No row lost or duplicated and no platform limit passed."""
        return bool(self.conservation and self.conservation.ok and self.limits and self.limits.ok)

    def line(self) -> str:
        """The day in one line."""
        runs, r = self.result.runs(), self.result
        fresh = self.freshness.get("status", "not run")
        parts = [
            f"{self.plan.day}  {self.games:2} games",
            f"runs {len(r.executions):2} ({runs['failed']} failed, {runs['partial']} partial)",
            f"calls {r.calls('requested'):3} ({r.calls('failed')} failed, {r.calls('retries')} retries)",
            self.conservation.summary() if self.conservation else "conservation not computed",
            self.limits.summary() if self.limits else "limits not counted",
            f"freshness {fresh}",
            f"{self.wall_s:.1f} s",
        ]
        return "  ".join(parts + [f"[{note}]" for note in self.plan.notes])


@dataclass
class LocalDays:
    """The stack, its clock and warehouse: what playing days needs."""

    stack: Stack
    clock: SimulatedClock
    warehouse: Warehouse
    games: dict[date, int]
    writes: WriteLog

    def url(self, member: str) -> str:
        """A member's base URL."""
        return f"http://127.0.0.1:{self.stack.ports[member]}"


def _at(day: date, when: clock_time) -> datetime:
    return datetime.combine(day, when, tzinfo=ET)


class _Weather:
    """Applies a day's plan before each tick: the warehouse stopped or started, an upstream down or back."""

    def __init__(self, local: LocalDays, plan: DayPlan) -> None:
        self.local, self.plan = local, plan
        self.warehouse_down = False
        self.upstream_down: str | None = None

    def __call__(self, moment: datetime) -> None:
        at = moment.astimezone(ET).time()
        if self.plan.warehouse_down_at(at) != self.warehouse_down:
            self._warehouse(not self.warehouse_down)
        upstream = self.plan.upstream_down_at(at)
        if upstream != self.upstream_down:
            faults = dict(self.plan.faults)
            if upstream:
                hard_down = {rate: 0.0 for rate in RATES} | {"rate_5xx": 1.0}  # every request a 5xx, nothing else
                faults["upstreams"] = {**faults.get("upstreams", {}), upstream: hard_down}
            post_json(f"{self.local.url('upstream')}/__admin/faults", faults)
            self.upstream_down = upstream

    def _warehouse(self, down: bool) -> None:
        if down:
            self.local.stack.stop_member("bigquery")
        else:
            self.local.stack.start_member("bigquery")
            replay(self.local)  # the scheduled replay job loads what waited in the archive
        self.warehouse_down = down

    def end(self) -> None:
        if self.warehouse_down:
            self._warehouse(False)


def replay(local: LocalDays) -> dict[str, Any]:
    """POST /replay on the scrapers, as its 15-minute Scheduler job does."""
    return post_json(f"{local.url('scrapers')}/replay", {}, timeout=900)


def replay_pending(local: LocalDays, day: date) -> dict[str, Any] | None:
    """The replay job's work for the day (every 15 minutes in production): load what waits in the archive for a
    load (a load that missed its deadline, a warehouse outage); nothing to call when the day's ledger has none."""
    ledger = Ledger(LocalArchive(local.stack.data_dir / "archive"), local.clock)
    if not ledger.unloaded_keys([day - timedelta(days=1), day]):
        return None
    return replay(local)


def freshness_check(local: LocalDays) -> dict[str, Any]:
    """The daily freshness check (the function's Scheduler job)."""
    response = requests.post(f"{local.url('freshness')}/", json={}, timeout=300)
    return dict(response.json())


def play_day(
    local: LocalDays,
    plan: DayPlan,
    *,
    out: Callable[[str], None] = lambda line: None,
    ticks: list[datetime] | None = None,
    on_tick: Callable[[datetime], None] = lambda moment: None,
) -> DayReport:
    """Every tick of `plan.day` (or `ticks`) with its weather, then the day's freshness check, conservation and
    limits; `on_tick` hears each tick once it is done."""
    started = time.monotonic()
    weather = _Weather(local, plan)
    result = run_game_day(
        local.url("scrapers"), local.url("upstream"), plan.day, faults=plan.faults, out=out, ticks=ticks,
        before_tick=weather, after_tick=on_tick, clock=local.clock, reset_credits=False,
    )  # fmt: skip
    weather.end()
    replay_pending(local, plan.day)
    local.clock.set(_at(plan.day, FRESHNESS_AT))
    report = DayReport(plan, local.games.get(plan.day, 0), result, freshness=freshness_check(local))
    report.conservation = conserve(local.warehouse, local.stack.data_dir / "archive", plan.day)
    record(local.warehouse, report.conservation, local.clock())
    report.limits = count_limits(local.warehouse, local.writes, plan.day, plan.faults.get("odds_api_credits"))
    local.clock.set(_at(plan.day, DAY_ENDS_AT), paused=True)
    report.wall_s = time.monotonic() - started
    return report


def season_days(games: dict[date, int], first: date, count: int) -> list[date]:
    """`count` consecutive days from `first`, game days and off days alike, within the season."""
    last = max(games)
    days = [first + timedelta(days=i) for i in range(count)]
    return [d for d in days if d <= last]
