"""Orphaned RUN decisions: found past their deadline, unless executed or replaced within the same tick."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.scrapers.workflows.decisions import RUN, SKIP, Decision
from services.scrapers.workflows.orphans import find, lost_row, recovery

T = datetime(2026, 1, 10, 18, 5, tzinfo=UTC)  # 13:05 ET
DAY = date(2026, 1, 10)


def decision(workflow: str, at: datetime, action: str = RUN, ident: str = "") -> Decision:
    return Decision(ident or f"{workflow}@{at:%H%M}", workflow, action, "due", DAY, at)  # type: ignore[arg-type]


def deadline(name: str) -> timedelta:
    return timedelta(seconds=120)


def test_a_run_with_no_execution_is_an_orphan_only_past_its_deadline():
    killed = decision("betting_lines", T)
    assert find([killed], set(), T + timedelta(minutes=30), deadline) == []
    assert find([killed], set(), T + timedelta(hours=1), deadline) == [killed]
    assert find([killed], {killed.decision_id}, T + timedelta(hours=1), deadline) == []  # it ran (or was recorded lost)


def test_a_decision_replaced_within_its_tick_is_no_orphan_but_a_later_ticks_decision_does_not_hide_one():
    evaluated = decision("betting_lines", T - timedelta(minutes=5))  # /evaluate at :00
    redecided = decision("betting_lines", T, SKIP)  # the tick decided again after the schedule refresh
    next_tick = decision("betting_lines", T + timedelta(hours=1))
    now = T + timedelta(hours=1)
    assert find([evaluated, redecided], set(), now, deadline) == []
    killed = decision("betting_lines", T)
    assert find([killed, next_tick], set(), now, deadline) == [killed]
    assert find([decision("betting_lines", T, SKIP)], set(), now, deadline) == []


def test_the_recovery_says_what_it_recovers_and_the_lost_run_is_recorded_failed():
    killed = decision("betting_lines", T)
    now = T + timedelta(hours=1)
    again = recovery(killed, now, new_id=lambda: "r1")
    assert (again.action, again.workflow, again.execution_date, again.evaluated_at) == (RUN, "betting_lines", DAY, now)
    assert again.reason.startswith(f"recovery of {killed.decision_id}: RUN decided at 13:05 ET has no execution 60 min")
    row = lost_row(killed, "r1", now)
    assert (row["decision_id"], row["status"], row["started_at"]) == (killed.decision_id, "failed", T)
    assert row["requested"] == 0
    assert row["error_message"].startswith("lost:") and "r1" in row["error_message"]
