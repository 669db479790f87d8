"""The players section: prop-line coverage per game date (players, not spellings: a queued spelling of a player
whose line arrived is listed as "spelling queued") and the unresolved queue, from the player registry."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from shared.errors import WarehouseError
from shared.reference import player_coverage, unresolved_players
from shared.warehouse import Warehouse


def read(warehouse: Warehouse, start: date, end: date, at: datetime, queue_limit: int = 10) -> dict[str, Any]:
    """Coverage and the open queue; {"available": False, "why": ...} until the registry's tables exist and hold data."""
    try:
        coverage = player_coverage.coverage_between(warehouse, start, end, at)
        queue = unresolved_players.open_queue(warehouse, queue_limit)
    except WarehouseError as exc:  # the registry's tables are not in this warehouse (yet)
        if "not found" in exc.message.lower():
            return {"available": False, "why": "the player registry's tables are not in this warehouse yet"}
        return {"available": False, "why": f"the player registry could not be read: {exc.message[:200]}"}
    if not coverage and not queue:
        return {"available": False, "why": "the player registry has not measured any coverage yet"}
    return {
        "available": True,
        "coverage": [
            {
                "game_date": r["game_date"].isoformat(),
                "players_with_line": r["players_with_line"],
                "players_reached": r["players_reached"],
                "share": round(r["players_reached"] / r["players_with_line"], 4) if r["players_with_line"] else None,
                "unresolved": r["unresolved"],
                "missing": json.loads(r["missing"] or "[]"),
                "spellings_queued": json.loads(r["spellings_queued"] or "[]"),
            }
            for r in coverage
        ],
        "queue_total": queue[0]["total"] if queue else 0,
        "queue": [
            {k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items() if k != "total"} for r in queue
        ],
    }
