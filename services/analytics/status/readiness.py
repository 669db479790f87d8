"""What an open circuit's readiness check waits for, in words, from the processor's declaration."""

from __future__ import annotations

from datetime import datetime

from services.analytics.processors import PROCESSORS


def waits_for(processor: str, scope: str, opened_at: datetime) -> str:
    """E.g. `new rows in nba_raw.oddsa_player_props (game_date 2026-11-28) processed after 14:05 UTC`."""
    found = PROCESSORS.get(processor)
    if found is None:
        return f"unknown processor {processor!r}: only a successful run or an operator reset closes it"
    sources = " or ".join(f"{table} ({column} {scope or 'in scope'})" for table, column in found.readiness_sources)
    return f"new rows in {sources} processed after {opened_at:%Y-%m-%d %H:%M} UTC"
