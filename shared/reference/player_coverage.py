"""nba_reference.player_coverage: per game date, players with a line and how many reached the product.

The registry's tables may be missing in a project; a read then raises WarehouseError, which readers report as
"not available".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.player_coverage"


def coverage_between(warehouse: Warehouse, start: date, end: date, until: datetime) -> list[dict[str, Any]]:
    """The newest measurement up to `until` of each game date in [start, end]: players with a line, reached,
    unresolved, missing and spellings queued (JSON lists)."""
    return warehouse.query(
        "SELECT game_date, measured_at, players_with_line, players_reached, unresolved, missing, spellings_queued "
        f"FROM {TABLE} "
        "WHERE game_date BETWEEN @start AND @end AND measured_at <= @until "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY game_date ORDER BY measured_at DESC) = 1 ORDER BY game_date",
        start=start,
        end=end,
        until=until,
    )


def recent_measurements(warehouse: Warehouse, dates: int, until: datetime) -> list[dict[str, Any]]:
    """Measurements up to `until` of the `dates` latest measured game dates, `newest` = 1 for each date's latest."""
    return warehouse.query(
        "SELECT game_date, measured_at, players_with_line, players_reached, unresolved, missing, spellings_queued, "
        "ROW_NUMBER() OVER (PARTITION BY game_date ORDER BY measured_at DESC) AS newest "
        f"FROM {TABLE} WHERE measured_at <= @until AND game_date IN "
        f"(SELECT DISTINCT game_date FROM {TABLE} WHERE measured_at <= @until ORDER BY game_date DESC LIMIT @dates)",
        dates=dates,
        until=until,
    )


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load the measurements, one row per game date."""
    warehouse.load_rows(TABLE, rows)
