"""Which workflows are due: a pure function of now, the games and past executions (no I/O, clock given)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Literal

from services.scrapers.workflows.models import Workflow, WorkflowsFile
from services.scrapers.workflows.schedule import in_window, slot_start
from shared.eastern import et_clock

Action = Literal["RUN", "SKIP"]
RUN: Final = "RUN"
SKIP: Final = "SKIP"


@dataclass(frozen=True)
class PastExecution:
    """What a decision needs to know about an earlier run."""

    workflow: str
    execution_date: date
    started_at: datetime
    status: str
    succeeded: int = 0
    execution_id: str = ""

    @property
    def found_data(self) -> bool:
        """Rows were fetched: loaded, or archived with their load pending (an empty payload never waits)."""
        return self.status == "load_pending" or (self.succeeded > 0 and self.status != "failed")


@dataclass(frozen=True)
class World:
    """Everything a decision reads: now (UTC), the execution date (ET), games per date, the schedule's age, history."""

    now: datetime
    execution_date: date
    games: Mapping[date, int]
    schedule_loaded_at: datetime | None
    executions: Sequence[PastExecution]


@dataclass(frozen=True)
class Decision:
    """RUN or SKIP for one workflow, with the reason a person reads."""

    decision_id: str
    workflow: str
    action: Action
    reason: str
    execution_date: date
    evaluated_at: datetime

    def row(self) -> dict[str, Any]:
        """The nba_orchestration.workflow_decisions row."""
        return {
            "decision_id": self.decision_id,
            "evaluated_at": self.evaluated_at,
            "workflow": self.workflow,
            "action": self.action,
            "reason": self.reason,
            "execution_date": self.execution_date,
        }


def schedule_staleness(config: WorkflowsFile, world: World) -> str | None:
    """Why the schedule is stale, or None when it is fresh enough to decide game days from.

    Refreshed = the newer of the table's last load and the schedule workflow's last run that loaded rows:
    both mean the same in production, and the second follows simulated time in local game days.
    """
    runs = [e.started_at for e in world.executions if e.workflow == config.schedule_workflow and e.found_data]
    known = [t for t in (world.schedule_loaded_at, *runs) if t is not None]
    if not known:
        return "schedule never loaded (nba_raw.nbac_schedule is empty)"
    age_h = (world.now - max(known)).total_seconds() / 3600
    if age_h > config.schedule_stale_after_hours:
        return f"schedule stale: refreshed {age_h:.1f}h ago (limit {config.schedule_stale_after_hours:g}h)"
    return None


def decide(
    config: WorkflowsFile,
    world: World,
    *,
    only: Iterable[str] | None = None,
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> list[Decision]:
    """One decision per workflow (or per workflow in `only`), in the file's order."""
    stale = schedule_staleness(config, world)
    wanted = set(only) if only is not None else set(config.workflows)
    decisions = []
    for name, workflow in config.workflows.items():
        if name in wanted:
            action, reason = _rule(config, name, workflow, world, stale)
            decisions.append(Decision(new_id(), name, action, reason, world.execution_date, world.now))
    return decisions


def _rule(config: WorkflowsFile, name: str, workflow: Workflow, world: World, stale: str | None) -> tuple[Action, str]:
    rules = workflow.schedule
    if stale and name == config.schedule_workflow:
        return RUN, f"{stale}; refreshing it before anything else"
    if stale and rules.game_day:
        return SKIP, f"{stale}; decided again once {config.schedule_workflow} has run"
    if not in_window(rules, world.now):
        start, end = (t.strftime("%H:%M") for t in rules.window)
        return SKIP, f"outside its window {start}-{end} ET (now {et_clock(world.now)} ET)"
    games = ""
    if rules.game_day:
        day = world.execution_date - timedelta(days=1 if rules.game_day == "yesterday" else 0)
        count = world.games.get(day, 0)
        if not count:
            return SKIP, f"no games on {day} ({rules.game_day})"
        games = f"; {count} games on {day}"
    mine = [e for e in world.executions if e.workflow == name and e.execution_date == world.execution_date]
    if rules.max_attempts_per_day is not None:
        found = [e for e in mine if e.found_data]
        if found:
            return SKIP, f"discovery done: data found at {et_clock(found[0].started_at)} ET ({found[0].execution_id})"
        if len(mine) >= rules.max_attempts_per_day:
            return SKIP, f"discovery gave up for today: {len(mine)}/{rules.max_attempts_per_day} runs found nothing"
    slot = slot_start(rules, world.now)
    in_slot = [e for e in mine if e.started_at >= slot]
    done = [e for e in in_slot if e.status != "failed"]
    if done:
        last = max(done, key=lambda e: e.started_at)
        return (
            SKIP,
            f"already ran in this slot (from {et_clock(slot)} ET) at {et_clock(last.started_at)} ET: {last.status}",
        )
    cadence = "once a day" if rules.once_a_day else f"every {rules.every_hours}h, slot from {et_clock(slot)} ET"
    again = "; the slot's earlier run failed" if in_slot else ""
    return RUN, f"due: {cadence}{games}{again}"
