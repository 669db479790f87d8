"""shared.orchestration: each table's module writes rows and reads them back within the window it is given."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.orchestration import circuit_events, scraper_runs

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, 17, tzinfo=UTC)


def run(n, scraper, status, hours_ago):
    return {"run_id": f"r{n}", "scraper": scraper, "status": status, "started_at": NOW - timedelta(hours=hours_ago)}


def test_scraper_runs_are_counted_per_scraper_and_status_inside_the_window(warehouse):
    scraper_runs.append(
        warehouse,
        [
            run(1, "espn_roster", "success", 1),
            run(2, "espn_roster", "success", 2),
            run(3, "espn_roster", "failed", 3),
            run(4, "bdl_injuries", "no_data", 4),
            run(5, "bdl_injuries", "failed", 30),  # outside a 6 h window
        ],
    )
    counts = scraper_runs.status_counts(warehouse, NOW - timedelta(hours=6))
    assert [(r["scraper"], r["status"], r["runs"]) for r in counts] == [
        ("bdl_injuries", "no_data", 1),
        ("espn_roster", "failed", 1),
        ("espn_roster", "success", 2),
    ]


def event(n, key, state, minutes_ago):
    return {
        "event_id": f"e{n:03d}",
        "circuit_key": key,
        "processor": key.split(":")[0],
        "state": state,
        "failures": 3,
        "reason": "no props",
        "occurred_at": NOW - timedelta(minutes=minutes_ago),
    }


@pytest.mark.parametrize(
    ("lookback", "expected"),
    [
        (circuit_events.DEFAULT_LOOKBACK, ["b:2026-11-28"]),
        (timedelta(days=30), ["b:2026-11-28", "c:2026-11-01"]),
    ],
)
def test_open_circuits_are_those_whose_newest_event_in_the_lookback_is_open(warehouse, lookback, expected):
    for e in [
        event(1, "a:2026-11-28", "open", 50),
        event(2, "a:2026-11-28", "closed", 10),  # closed again since
        event(3, "b:2026-11-28", "open", 5),
        event(4, "c:2026-11-01", "open", 60 * 24 * 20),  # 20 days ago: only a longer lookback sees it
    ]:
        circuit_events.append(warehouse, e)
    found = circuit_events.open_circuits(warehouse, NOW - lookback)
    assert [r["circuit_key"] for r in found] == expected
