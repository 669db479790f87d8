"""The player registry's health tables (nba_reference.player_coverage and unresolved_players), read only.

Both tables belong to the registry; a project without them raises WarehouseError, which readers report as
"not available".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.warehouse import Warehouse

COVERAGE_TABLE = "nba_reference.player_coverage"
QUEUE_TABLE = "nba_reference.unresolved_players"


def coverage_between(warehouse: Warehouse, start: date, end: date) -> list[dict[str, Any]]:
    """The newest measurement of each game date in [start, end]: players with a line, reached, unresolved."""
    return warehouse.query(
        f"SELECT game_date, measured_at, players_with_line, players_reached, unresolved FROM {COVERAGE_TABLE} "
        "WHERE game_date BETWEEN @start AND @end "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY game_date ORDER BY measured_at DESC) = 1 ORDER BY game_date",
        start=start,
        end=end,
    )


def recent_measurements(warehouse: Warehouse, dates: int) -> list[dict[str, Any]]:
    """Every measurement of the `dates` latest measured game dates, `newest` = 1 for each date's latest."""
    return warehouse.query(
        "SELECT game_date, measured_at, players_with_line, players_reached, unresolved, missing, "
        "ROW_NUMBER() OVER (PARTITION BY game_date ORDER BY measured_at DESC) AS newest "
        f"FROM {COVERAGE_TABLE} WHERE game_date IN "
        f"(SELECT DISTINCT game_date FROM {COVERAGE_TABLE} ORDER BY game_date DESC LIMIT @dates)",
        dates=dates,
    )


def open_queue(warehouse: Warehouse, limit: int) -> list[dict[str, Any]]:
    """The open unresolved names, most seen first (at most `limit`), with the total count on each row."""
    return warehouse.query(
        f"SELECT source, game_date, raw_name, reason, times_seen, COUNT(*) OVER () AS total FROM {QUEUE_TABLE} "
        "WHERE status = 'open' ORDER BY times_seen DESC, game_date DESC, raw_name LIMIT @limit",
        limit=limit,
    )
