"""nba_reference.player_aliases: a person's answer that a source's spelling means a player."""

from __future__ import annotations

from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.player_aliases"


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE aliases on (source, alias_lookup)."""
    warehouse.load_rows(TABLE, rows)
