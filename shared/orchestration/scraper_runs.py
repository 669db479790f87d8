"""nba_orchestration.scraper_runs: one row per scrape, failed ones too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.scraper_runs"
# The runs started at or after @since as they stand now: a run whose archived payload a replay loaded later reads
# as that load's outcome (its replay_of fact); the replay's own row is a load, not a call, and is not listed.
RUNS = f"""
SELECT r.run_id, r.scraper, r.params, r.started_at, r.rows,
  IF(r.status = 'load_pending' AND l.status IS NOT NULL, l.status, r.status) AS status
FROM {TABLE} AS r
LEFT JOIN (
  SELECT replay_of, MAX(status) AS status FROM {TABLE}
  WHERE replay_of IS NOT NULL AND started_at >= @since GROUP BY replay_of
) AS l ON l.replay_of = r.run_id
WHERE r.replay_of IS NULL AND r.started_at >= @since
"""


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Append run rows (streaming insert keyed by run_id)."""
    warehouse.append_rows(TABLE, rows)


def held_ids(warehouse: Warehouse, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` the table already holds (a flush of kept rows appends only the others)."""
    rows = warehouse.query(f"SELECT run_id AS id FROM {TABLE} WHERE run_id IN UNNEST(@ids)", ids=list(ids))
    return {r["id"] for r in rows}


def status_counts(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Runs per scraper and status that started at or after `since`."""
    return warehouse.query(
        f"SELECT scraper, status, COUNT(*) AS runs FROM ({RUNS}) GROUP BY scraper, status ORDER BY scraper, status",
        since=since,
    )


_PER_SCRAPER = f"""
SELECT scraper, COUNT(*) AS calls, COUNTIF(status = 'failed') AS failures, COUNTIF(status = 'no_data') AS no_data
FROM ({RUNS})
WHERE started_at <= @until
GROUP BY scraper
ORDER BY scraper
"""


def per_scraper_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Per scraper in [since, until]: calls, failures and no_data answers (its retries are the executor's record:
    workflow_executions.retries_by_scraper)."""
    return warehouse.query(_PER_SCRAPER, since=since, until=until)
