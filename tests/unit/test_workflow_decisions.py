"""Decisions as a table: (time, games, history) -> RUN or SKIP with its reason, from the real workflows.yaml."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.scrapers.workflows.config import load_workflows
from services.scrapers.workflows.decisions import PastExecution, World, decide
from services.scrapers.workflows.schedule import cron_ticks, slot_start
from shared.eastern import ET

CONFIG = load_workflows()
DAY = date(2026, 12, 1)  # a Tuesday; US/Eastern is UTC-5


def at(hhmm: str, day: date = DAY) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ET).astimezone(UTC)


def ran(workflow: str, hhmm: str, status: str = "succeeded", succeeded: int = 1, day: date = DAY) -> PastExecution:
    return PastExecution(workflow, day, at(hhmm, day), status, succeeded, f"{workflow}-{hhmm}")


def world(now: str, *, today: int = 6, yesterday: int = 5, loaded_h: float | None = 1.0, history=()) -> World:
    moment = at(now)
    loaded = None if loaded_h is None else moment - timedelta(hours=loaded_h)
    games = {DAY: today, DAY - timedelta(days=1): yesterday}
    return World(moment, DAY, games, loaded, list(history))


CASES = [
    # workflow, world, action, reason (prefix or substring)
    ("schedule_dependency", world("00:05", loaded_h=None), "RUN", "schedule never loaded"),
    ("schedule_dependency", world("07:05", loaded_h=13), "RUN", "schedule stale: refreshed 13.0h ago (limit 12h)"),
    (
        "betting_lines",
        world("09:05", loaded_h=13),
        "SKIP",
        "schedule stale: refreshed 13.0h ago (limit 12h); decided again",
    ),
    ("morning_operations", world("08:05", loaded_h=None), "RUN", "due: once a day"),
    ("betting_lines", world("09:05", loaded_h=13, history=[ran("schedule_dependency", "08:05")]), "RUN", "due"),
    (
        "betting_lines",
        world("09:05", loaded_h=13, history=[ran("schedule_dependency", "08:05", "failed", 0)]),
        "SKIP",
        "schedule stale",
    ),
    ("schedule_dependency", world("07:05"), "RUN", "due: every 6h, slot from 06:00 ET"),
    ("schedule_dependency", world("07:05", history=[ran("schedule_dependency", "06:05")]), "SKIP", "already ran"),
    ("betting_lines", world("08:05"), "SKIP", "outside its window 09:00-19:00 ET (now 08:05 ET)"),
    ("betting_lines", world("19:05"), "SKIP", "outside its window"),
    ("betting_lines", world("09:05", today=0), "SKIP", "no games on 2026-12-01 (today)"),
    ("betting_lines", world("09:05"), "RUN", "due: every 2h, slot from 09:00 ET; 6 games on 2026-12-01"),
    ("betting_lines", world("10:05", history=[ran("betting_lines", "09:05")]), "SKIP", "already ran in this slot"),
    ("betting_lines", world("10:05", history=[ran("betting_lines", "09:05", "partial")]), "SKIP", "09:05 ET: partial"),
    (
        "betting_lines",
        world("10:05", history=[ran("betting_lines", "09:05", "failed", 0)]),
        "RUN",
        "the slot's earlier run failed",
    ),
    ("betting_lines", world("11:05", history=[ran("betting_lines", "09:05")]), "RUN", "slot from 11:00 ET"),
    (
        "betting_lines",
        world("11:05", history=[ran("betting_lines", "11:00", day=DAY - timedelta(days=1))]),
        "RUN",
        "due",
    ),
    ("referee_discovery", world("10:05", history=[ran("referee_discovery", "09:05", succeeded=0)]), "RUN", "due"),
    ("referee_discovery", world("10:05", history=[ran("referee_discovery", "09:05")]), "SKIP", "discovery done"),
    (
        "referee_discovery",
        world("14:00", history=[ran("referee_discovery", f"{h:02}:05", succeeded=0) for h in range(9, 14)]),
        "SKIP",
        "discovery gave up for today: 5/5 runs found nothing",
    ),
    (
        "injury_discovery",
        world("12:05", history=[ran("injury_discovery", "10:05", "failed", 0)]),
        "RUN",
        "slot from 12:00 ET",
    ),
    ("post_game_collection", world("03:05", yesterday=0), "SKIP", "no games on 2026-11-30 (yesterday)"),
    ("post_game_collection", world("03:05", today=0, yesterday=4), "RUN", "4 games on 2026-11-30"),
    ("morning_operations", world("09:05", history=[ran("morning_operations", "08:05", "partial")]), "SKIP", "already"),
    ("morning_operations", world("09:05", history=[ran("morning_operations", "08:05", "failed", 0)]), "RUN", "failed"),
    ("morning_operations", world("12:05"), "SKIP", "outside its window 08:00-12:00"),
]


@pytest.mark.parametrize(("workflow", "state", "action", "reason"), CASES)
def test_decision_table(workflow, state, action, reason):
    (decision,) = decide(CONFIG, state, only=[workflow], new_id=lambda: "d1")
    assert (decision.workflow, decision.action) == (workflow, action), decision.reason
    assert reason in decision.reason
    assert (decision.decision_id, decision.execution_date, decision.evaluated_at) == ("d1", DAY, state.now)


def test_every_workflow_is_decided_in_file_order_with_fresh_ids():
    ids = iter(range(100))
    decisions = decide(CONFIG, world("09:05"), new_id=lambda: f"d{next(ids)}")
    assert [d.workflow for d in decisions] == list(CONFIG.workflows)
    assert len({d.decision_id for d in decisions}) == len(decisions)
    assert {d.workflow for d in decisions if d.action == "RUN"} == {
        "schedule_dependency",
        "morning_operations",
        "betting_lines",
        "referee_discovery",
    }


def test_slots_follow_wall_clock_time_across_the_dst_change():
    schedule = CONFIG.workflows["schedule_dependency"].schedule
    fall_back = date(2026, 11, 1)  # 02:00 EDT -> 01:00 EST
    assert slot_start(schedule, at("07:05", fall_back)) == at("06:00", fall_back)
    assert slot_start(schedule, at("05:59", fall_back)) == at("00:00", fall_back)


def test_cron_ticks_are_eastern_wall_times():
    ticks = cron_ticks("5 */6 * * *", DAY)
    assert [t.astimezone(ET).strftime("%H:%M") for t in ticks] == ["00:05", "06:05", "12:05", "18:05"]
    assert len(cron_ticks(CONFIG.scheduler.cron, DAY)) == 24
    with pytest.raises(ValueError, match="only `minute hour"):
        cron_ticks("5 * * * 1", DAY)
