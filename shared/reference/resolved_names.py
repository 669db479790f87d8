"""nba_reference.resolved_names: each prop name of a game mapped to its player, or waiting with none."""

from __future__ import annotations

from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.resolved_names"


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE the resolver's answers on the name's key."""
    warehouse.load_rows(TABLE, rows)
