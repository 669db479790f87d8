"""`make run` tells the circuit's story from the shared events table."""

from datetime import UTC, datetime, timedelta

import pytest

from local.circuit_story import circuit_story

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 28, 17, tzinfo=UTC)
KEY = "upcoming_player_game_context:2026-10-27"


def event(n, kind, reason, observed=None):
    return {
        "event_id": f"e{n:+04d}",
        "circuit_key": KEY,
        "processor": "upcoming_player_game_context",
        "kind": kind,
        "state": "closed",
        "failures": 0,
        "reason": reason,
        "occurred_at": T0 + timedelta(minutes=n),
        "observed": observed,
    }


def test_story_says_failures_opening_ignored_stale_facts_and_recovery_in_order(warehouse):
    warehouse.append_rows(
        "nba_orchestration.circuit_breaker_events",
        [
            event(-100, "opened", "an older run"),  # before the window: context only, not told
            event(-90, "manual_reset", "manual reset", observed="e-100"),
            event(1, "failure", "no props"),
            event(2, "failure", "no props"),
            event(3, "failure", "no props"),
            event(4, "succeeded", "succeeded", observed="e-090"),  # a stale writer: ignored
            event(47, "closed_by_readiness", "upstream data now available", observed="e+003"),
        ],
    )
    lines = circuit_story(warehouse, since=T0, threshold=3)
    assert [line.split(KEY)[1] for line in lines[1:]] == [
        "  failure 1 (still closed): no props",
        "  failure 2 (still closed): no props",
        "  OPENED after 3 failures: no props",
        "  succeeded ignored (it answered an earlier state): succeeded",
        "  CLOSED (recovered after 44 min, upstream data arrived): upstream data now available",
    ]


def test_story_without_events(warehouse):
    assert circuit_story(warehouse, since=T0, threshold=3) == ["Circuits: none opened"]
