"""The freshness section: the newest run's verdict per check, stale tables against their thresholds, missing games."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.health.checks import STALE_STATUSES


def section(checks: list[dict[str, Any]], games: list[dict[str, Any]], at: datetime) -> dict[str, Any] | None:
    """None when no run is recorded; else the run's age, every check, the stale ones and the missing games."""
    if not checks:
        return None
    checked_at = checks[0]["checked_at"]
    rows = [
        {
            "table": r["table_name"],
            "column": r["column_name"],
            "status": r["status"],
            "hours_stale": None if r["hours_stale"] is None else round(r["hours_stale"], 1),
            "warn_after": r["warn_after"],
            "error_after": r["error_after"],
            "severity": r["severity"],
            "reason": r["reason"],
        }
        for r in checks
    ]
    return {
        "check_id": checks[0]["check_id"],
        "checked_at": checked_at.isoformat(),
        "age_hours": round((at - checked_at).total_seconds() / 3600, 1),
        "checks": rows,
        "stale": [r for r in rows if r["status"] in STALE_STATUSES],
        "missing_games": [
            {
                "game_date": g["game_date"].isoformat() if g["game_date"] else None,
                "game_id": g["game_id"],
                "source_table": g["source_table"],
                "players_found": g["players_found"],
                "issue": g["issue"],
            }
            for g in games
        ],
    }
