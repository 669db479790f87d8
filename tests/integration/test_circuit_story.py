"""`make run` tells the circuit's story from the shared events table."""

from datetime import UTC, datetime, timedelta

import pytest

from local.circuit_story import circuit_story

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 28, 17, tzinfo=UTC)
KEY = "upcoming_player_game_context:2026-10-27"


def event(n, state, failures, reason):
    return {
        "event_id": f"e{n}",
        "circuit_key": KEY,
        "processor": "upcoming_player_game_context",
        "state": state,
        "failures": failures,
        "reason": reason,
        "occurred_at": T0 + timedelta(seconds=n),
    }


def test_story_says_failures_opening_and_auto_reset_in_order(warehouse):
    warehouse.append_rows(
        "nba_orchestration.circuit_breaker_events",
        [
            event(1, "closed", 1, "no props"),
            event(2, "open", 2, "no props"),
            event(3, "closed", 0, "upstream data now available"),
            event(-100, "open", 9, "an older run"),
        ],
    )
    lines = circuit_story(warehouse, since=T0)
    assert [line.split(KEY)[1] for line in lines[1:]] == [
        "  failure 1 (still closed): no props",
        "  OPENED after 2 failures: no props",
        "  CLOSED: upstream data now available",
    ]


def test_story_without_events(warehouse):
    assert circuit_story(warehouse, since=T0) == ["Circuits: none opened"]
