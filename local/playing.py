"""Playing simulated days on a local stack, for `courtside run` and `courtside season`: where to start,
resuming an interrupted day at its next tick, one line per day under a progress bar."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from tqdm import tqdm

from local.day_plans import DayPlan, plan_days
from local.days import DayReport, LocalDays, play_day, season_days
from local.gameday import schedule_days
from local.platform_limits import WriteLog
from local.processes import PortInUse
from local.stack import Stack
from local.stack_members import PROJECT, clock_file
from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.schedule import cron_ticks
from shared.clock import SimulatedClock
from shared.errors import BadRequest
from shared.orchestration import workflow_executions
from shared.settings import load_settings
from shared.warehouse import Warehouse


@dataclass(frozen=True)
class DayOptions:
    """Which days and under which weather: the first day (None: resume), how many, a profile or raw faults."""

    first: date | None
    days: int
    profile: str
    faults: dict[str, Any] | None = None


def local_days(stack: Stack) -> LocalDays | None:
    """Start the stack (or find it running), ensure the tables; None (said why) when it cannot start."""
    try:
        stack.up()
    except (PortInUse, RuntimeError) as exc:
        print(f"courtside: {exc}")
        return None
    wh = Warehouse.from_settings(
        load_settings(
            bq_endpoint=f"http://127.0.0.1:{stack.ports['bigquery']}", gcp_project=PROJECT, bq_retry_deadline_s=10,
            simulated_clock_file=clock_file(stack.data_dir),
        )
    )  # fmt: skip
    created = wh.ensure_tables()
    print(f"warehouse ready ({len(created)} tables created)")
    games = schedule_days(f"http://127.0.0.1:{stack.ports['upstream']}")
    return LocalDays(stack, SimulatedClock(clock_file(stack.data_dir)), wh, games, WriteLog(stack.data_dir / "logs"))


class Progress:
    """data_dir/run/days.json: the day being played and its last tick, so an interrupted run resumes there."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "run" / "days.json"

    def read(self) -> dict[str, Any]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def tick(self, day: date, moment: datetime) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"day": day.isoformat(), "last_tick": moment.isoformat(), "done": False}))

    def done(self, day: date) -> None:
        self.path.write_text(json.dumps({"day": day.isoformat(), "done": True}))


def first_day(local: LocalDays, chosen: DayOptions) -> tuple[date, int, datetime | None]:
    """(first day, days to play, resume after this tick): the given date, else where the last run stopped, else
    the season's opening day plus one (a fresh pipeline goes live on opening day; its first morning has a night
    of games to collect)."""
    season_first, season_last = min(local.games), max(local.games)
    if chosen.first is not None:
        if not season_first <= chosen.first <= season_last:
            raise BadRequest(
                f"--date: {chosen.first} is outside the season ({season_first} to {season_last})", field="date"
            )
        return chosen.first, chosen.days, None
    saved = Progress(local.stack.data_dir).read()
    if saved and not saved.get("done"):
        return date.fromisoformat(saved["day"]), chosen.days, datetime.fromisoformat(saved["last_tick"])
    last = workflow_executions.last_execution_date(local.warehouse)
    if last is None:
        print(f"fresh warehouse: the pipeline goes live on opening day, {season_first}")
        return season_first, max(chosen.days, 2), None
    nxt = date.fromordinal(last.toordinal() + 1)
    if nxt > season_last:
        raise BadRequest(f"the season ended on {season_last}; every day is played (courtside stack down, then "
                         "delete the data folder to start again)", field="date")  # fmt: skip
    return nxt, chosen.days, None


def _plans(local: LocalDays, chosen: DayOptions, first: date, count: int) -> list[DayPlan]:
    days = season_days(local.games, first, count)
    plans = plan_days(chosen.profile, days, season_first=min(local.games))
    if chosen.faults is not None:
        plans = [DayPlan(p.day, chosen.faults) for p in plans]
    return plans


def play(local: LocalDays, chosen: DayOptions, *, detail: bool) -> list[DayReport]:
    """Play the chosen days; with `detail` every tick's line, else one line per day under a progress bar."""
    first, count, resume_after = first_day(local, chosen)
    progress, reports = Progress(local.stack.data_dir), []
    plans = _plans(local, chosen, first, count)
    cron = load_workflows().scheduler.cron
    bar = tqdm(plans, unit="day", disable=detail or len(plans) < 2, dynamic_ncols=True)
    try:
        for plan in bar:
            bar.set_description(str(plan.day))
            ticks = [t for t in cron_ticks(cron, plan.day) if resume_after is None or t > resume_after]
            resume_after = None
            out = print if detail else (lambda line: None)
            report = play_day(local, plan, out=out, ticks=ticks, on_tick=partial(progress.tick, plan.day))
            progress.done(plan.day)
            reports.append(report)
            (print if detail else bar.write)(report.line())
    except KeyboardInterrupt:
        bar.close()
        saved = progress.read()
        print(f"\ninterrupted in {saved.get('day')} after the tick at {saved.get('last_tick')}: run the same command "
              "again to resume there")  # fmt: skip
        raise
    return reports
