"""nba_reference.unresolved_players: the queue of names nobody could resolve, waiting for a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.unresolved_players"


def of_range(warehouse: Warehouse, start: date, end: date) -> list[dict[str, Any]]:
    """Every queue row of [start, end], open or resolved."""
    return warehouse.query(
        f"SELECT * FROM {TABLE} WHERE game_date BETWEEN @start_date AND @end_date", start_date=start, end_date=end
    )


def open_dates(warehouse: Warehouse, source: str, name_lookup: str) -> list[dict[str, Any]]:
    """The game dates on which `source`'s spelling still waits in the queue, in order."""
    return warehouse.query(
        f"SELECT DISTINCT game_date FROM {TABLE} "
        "WHERE source = @source AND name_lookup = @lookup AND status = 'open' ORDER BY game_date",
        source=source,
        lookup=name_lookup,
    )


def listed(warehouse: Warehouse, status: str, since: date) -> list[dict[str, Any]]:
    """Queue rows with `status` (or 'all') from `since` on, newest first."""
    return warehouse.query(
        f"SELECT * FROM {TABLE} "
        "WHERE (@status = 'all' OR status = @status) AND game_date >= @since "
        "ORDER BY game_date DESC, source, raw_name",
        status=status,
        since=since,
    )


def open_queue(warehouse: Warehouse, limit: int) -> list[dict[str, Any]]:
    """The open unresolved names, most seen first (at most `limit`), with the total count on each row."""
    return warehouse.query(
        f"SELECT source, game_date, raw_name, reason, times_seen, COUNT(*) OVER () AS total FROM {TABLE} "
        "WHERE status = 'open' ORDER BY times_seen DESC, game_date DESC, raw_name LIMIT @limit",
        limit=limit,
    )


def open_prop_names_per_date(warehouse: Warehouse, start: date, end: date) -> dict[date, int]:
    """Open queue rows of the books' prop names per game date of [start, end]."""
    rows = warehouse.query(
        f"SELECT game_date, COUNT(*) AS n FROM {TABLE} "
        "WHERE game_date BETWEEN @start_date AND @end_date AND status = 'open' "
        "AND source IN ('odds_api', 'bettingpros') GROUP BY game_date",
        start_date=start,
        end_date=end,
    )
    return {r["game_date"]: int(r["n"]) for r in rows}


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE queue rows on their key (source, game date, teams, name)."""
    warehouse.load_rows(TABLE, rows)
