"""nba_reference.player_source_ids: each source's own player id mapped to the registry's player."""

from __future__ import annotations

from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.player_source_ids"


def all_ids(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Every (source, source_player_id) with its player."""
    return warehouse.query(f"SELECT source, source_player_id, player_id FROM {TABLE}")


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE source ids on (source, source_player_id)."""
    warehouse.load_rows(TABLE, rows)
