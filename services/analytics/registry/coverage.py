"""Coverage per game date: players any book has a line for vs players whose line reached the context table
(counted as players through the registry, never as spellings: see coverage_sql.py)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.analytics.registry.coverage_sql import PER_NAME_SQL, per_date_sql
from shared.log import log_event
from shared.reference import player_coverage, unresolved_players
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coverage:
    """One date's numbers; `missing` names each player (and source) whose line did not arrive, `players_queued` of
    them wait only in the queue; `spellings_queued` are queued spellings of players whose line did arrive."""

    game_date: date
    players_with_line: int
    players_reached: int
    unresolved: int
    missing: tuple[str, ...]
    spellings_queued: tuple[str, ...] = ()
    players_queued: int = 0

    @property
    def complete(self) -> bool:
        return self.players_reached == self.players_with_line

    def __str__(self) -> str:
        share = self.players_reached / self.players_with_line if self.players_with_line else 1.0
        text = (
            f"Player coverage {self.game_date}: {self.players_reached}/{self.players_with_line} players with a line "
            f"reached upcoming_player_game_context ({share:.1%}); {self.unresolved} names in the unresolved queue"
        )
        text += f"; missing: {', '.join(self.missing)}" if self.missing else ""
        return text + (f"; spelling queued: {', '.join(self.spellings_queued)}" if self.spellings_queued else "")


def fold(rows: list[dict[str, Any]], queue: dict[date, int]) -> list[Coverage]:
    """Per-date rows (per_date_sql's columns) and the queue, as Coverage by date."""
    return [
        Coverage(
            r["game_date"],
            int(r["players_with_line"]),
            int(r["players_reached"]),
            queue.get(r["game_date"], 0),
            tuple(r["missing"] or ()),
            tuple(r.get("spellings_queued") or ()),
            int(r.get("players_queued") or 0),
        )
        for r in sorted(rows, key=lambda r: r["game_date"])
    ]


def measure(wh: Warehouse, start: date, end: date) -> list[Coverage]:
    """Coverage of each date in the range, from the warehouse."""
    rows = wh.query(per_date_sql(PER_NAME_SQL), start_date=start, end_date=end)
    queue = unresolved_players.open_prop_names_per_date(wh, start, end)
    return fold(rows, queue)


def record(wh: Warehouse, start: date, end: date, now: datetime) -> list[Coverage]:
    """Measure, append to nba_reference.player_coverage, and log a WARNING naming the names when short."""
    measured = measure(wh, start, end)
    if measured:
        player_coverage.append(
            wh,
            [
                {"game_date": c.game_date, "measured_at": now, "players_with_line": c.players_with_line,
                 "players_reached": c.players_reached, "unresolved": c.unresolved, "missing": json.dumps(c.missing),
                 "spellings_queued": json.dumps(c.spellings_queued)}
                for c in measured
            ],
        )  # fmt: skip
    for c in measured:
        if not c.complete:
            log_event(logger, str(c), event="player_coverage_short", level=logging.WARNING, game_date=str(c.game_date))
    return measured
