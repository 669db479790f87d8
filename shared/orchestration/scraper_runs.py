"""nba_orchestration.scraper_runs: one row per scrape, failed ones too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.scraper_runs"


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Append run rows (streaming insert keyed by run_id)."""
    warehouse.append_rows(TABLE, rows)


def status_counts(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Runs per scraper and status that started at or after `since`."""
    return warehouse.query(
        f"SELECT scraper, status, COUNT(*) AS runs FROM {TABLE} WHERE started_at >= @since "
        "GROUP BY scraper, status ORDER BY scraper, status",
        since=since,
    )
