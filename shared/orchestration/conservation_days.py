"""nba_orchestration.conservation_days: per game day, rows returned = loaded + refused and players with a line =
reached + queued, as checked at the end of the day; append-only, the newest check of a day stands."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.conservation_days"


def append(warehouse: Warehouse, row: dict[str, Any]) -> None:
    """Append one day's check."""
    warehouse.append_rows(TABLE, [row])


def newest_between(warehouse: Warehouse, first: date, last: date) -> list[dict[str, Any]]:
    """The newest check of each game day in [first, last], oldest day first."""
    return warehouse.query(
        f"SELECT * FROM {TABLE} WHERE game_date BETWEEN @first AND @last "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY game_date ORDER BY checked_at DESC) = 1 ORDER BY game_date",
        first=first,
        last=last,
    )
