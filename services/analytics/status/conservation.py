"""The page's conservation section: per game day, rows returned = loaded + refused, players = reached + queued."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from shared.orchestration import conservation_days
from shared.warehouse import Warehouse


def section(wh: Warehouse, first: date, last: date) -> list[dict[str, Any]]:
    """Each checked day, newest first, with its line and the differences it named."""
    days = []
    for row in conservation_days.newest_between(wh, first, last):
        differences = json.loads(row["differences"] or "[]")
        line = (
            f"rows {row['rows_returned']} = {row['rows_loaded']} loaded + {row['rows_refused']} refused; "
            f"players {row['players_with_line']} = {row['players_reached']} + {row['names_queued']} queued"
        )
        days.append({"game_date": row["game_date"].isoformat(), "line": line, "differences": differences})
    return list(reversed(days))
