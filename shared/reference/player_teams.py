"""nba_reference.player_teams: the span of days each player was seen with each team."""

from __future__ import annotations

from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_reference.player_teams"


def spans(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Every player's team spans."""
    return warehouse.query(f"SELECT player_id, team_tricode, first_seen, last_seen FROM {TABLE}")


def merge(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Load + MERGE team spans on (player_id, team_tricode)."""
    warehouse.load_rows(TABLE, rows)
