"""shared.orchestration: each table's module writes rows and reads them back within the window it is given."""

from datetime import UTC, datetime, timedelta

import pytest

from shared.orchestration import circuit_events, scraper_runs
from shared.resilience.circuit_history import fold_at
from shared.schemas import TABLES
from shared.warehouse import Warehouse
from shared.warehouse.tables import table_definition

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


def event(n, key, kind, minutes_ago, observed=None):
    return {
        "event_id": f"e{n:03d}",
        "circuit_key": key,
        "processor": key.split(":")[0],
        "kind": kind,
        "state": "open" if kind == "opened" else "closed",
        "failures": 3,
        "reason": "no props",
        "occurred_at": NOW - timedelta(minutes=minutes_ago),
        "observed": observed,
    }


@pytest.mark.parametrize("lookback", [circuit_events.DEFAULT_LOOKBACK, timedelta(days=30)])
def test_open_circuits_are_folded_and_an_open_one_never_ages_out(warehouse, lookback):
    for e in [
        event(1, "a:2026-11-28", "opened", 50),
        event(2, "a:2026-11-28", "closed_by_readiness", 10, observed="e001"),  # answers the opening: closed
        event(3, "b:2026-11-28", "opened", 50),
        event(4, "b:2026-11-28", "succeeded", 10),  # written from a stale closed view: still open
        event(5, "c:2026-11-01", "opened", 60 * 24 * 20),  # 20 quiet days: still open, still listed
        event(6, "d:2026-11-01", "opened", 60 * 24 * 21),
        event(7, "d:2026-11-01", "manual_reset", 60 * 24 * 20, observed="e006"),  # closed long ago: not read
    ]:
        circuit_events.append(warehouse, e)
    opened, _ = fold_at(circuit_events.live_facts(warehouse, NOW - lookback), NOW, threshold=5)
    assert sorted(opened) == ["b:2026-11-28", "c:2026-11-01"]
    live = {f.key for f in circuit_events.live_facts(warehouse, NOW - lookback)}
    assert ("d:2026-11-01" in live) is (lookback > timedelta(days=20))


def test_ensure_tables_adds_the_fact_columns_to_a_table_created_before_them(settings):
    wh = Warehouse.from_settings(settings)
    spec = TABLES[circuit_events.TABLE]
    old = table_definition(wh.table_id(circuit_events.TABLE), spec)
    old.schema = [f for f in spec.fields if f.name not in ("kind", "observed", "upstream")]
    wh.client.create_dataset(f"{wh.client.project}.nba_orchestration", exists_ok=True)
    wh.client.create_table(old)
    wh.ensure_tables()
    columns = [f.name for f in wh.client.get_table(wh.table_id(circuit_events.TABLE)).schema]
    assert columns[-3:] == ["kind", "observed", "upstream"]
    circuit_events.append(wh, event(1, "a:2026-11-28", "opened", 5))
    opened, _ = fold_at(circuit_events.live_facts(wh, NOW - timedelta(days=1)), NOW, threshold=5)
    assert list(opened) == ["a:2026-11-28"]
