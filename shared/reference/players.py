"""nba_reference.players: one row per player, its id kept once assigned."""

from __future__ import annotations

from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.players"


def names(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Every player's id and name."""
    return warehouse.query(f"SELECT player_id, player_name FROM {TABLE}")


def lookup_of(warehouse: Warehouse, player_id: str) -> list[dict[str, Any]]:
    """The player's normalised name (`player_lookup`); no row when the id is unknown."""
    return warehouse.query(f"SELECT player_lookup FROM {TABLE} WHERE player_id = @player_id", player_id=player_id)


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE players on their id."""
    warehouse.load_rows(TABLE, rows)
