"""A person's decision: this source's spelling means that registry player (validated, then recorded)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shared.errors import BadRequest
from shared.names import player_lookup
from shared.players import load_rules
from shared.reference import player_aliases, players, unresolved_players
from shared.warehouse import Warehouse


def record_alias(
    wh: Warehouse, source: str, raw_name: str, player_id: str, *, by: str, note: str | None, now: datetime
) -> tuple[dict[str, Any], list[date]]:
    """Write the alias; returns it and the game dates whose open queue rows it answers (to re-run)."""
    known = sorted(load_rules().sources)
    if source not in known:
        raise BadRequest(f"unknown source {source!r}; known: {', '.join(known)}", field="source")
    alias_lookup = player_lookup(raw_name or "")
    if not alias_lookup:
        raise BadRequest("the raw name has no letters or digits", field="raw_name")
    found = players.lookup_of(wh, player_id)
    if not found:
        raise BadRequest(f"no player {player_id!r} in nba_reference.players", field="player_id")
    row = {
        "source": source,
        "alias_lookup": alias_lookup,
        "player_lookup": found[0]["player_lookup"],
        "player_id": player_id,
        "raw_name": raw_name,
        "note": note,
        "created_by": by,
        "created_at": now,
    }
    player_aliases.merge(wh, [row])
    dates = unresolved_players.open_dates(wh, source, alias_lookup)
    return row, [d["game_date"] for d in dates]


def unresolved(wh: Warehouse, status: str, since: date | None) -> list[dict[str, Any]]:
    """Queue rows by status ('open', 'resolved' or 'all'), newest game first."""
    if status not in ("open", "resolved", "all"):
        raise BadRequest(f"status must be open, resolved or all, got {status!r}", field="status")
    return unresolved_players.listed(wh, status, since or date(1970, 1, 1))
