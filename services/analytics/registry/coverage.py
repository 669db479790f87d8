"""Coverage per game date: players any book has a line for vs players whose line reached the context table."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.analytics.registry.sql import PROP_NAMES_SQL
from shared.log import log_event
from shared.reference import player_coverage, unresolved_players
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)

# Every (game_date, source, raw_name, who, reached) of the range: `who` is the player, or the unresolved name.
PER_NAME_SQL = f"""
WITH named AS (
  SELECT p.source, p.game_date, p.name_lookup, p.raw_name, n.player_id
  FROM ({PROP_NAMES_SQL}) AS p
  LEFT JOIN nba_reference.resolved_names AS n
    ON n.source = p.source AND n.game_date = p.game_date AND n.team_a = p.team_a AND n.team_b = p.team_b
    AND n.name_lookup = p.name_lookup AND n.game_date BETWEEN @start_date AND @end_date
),
reached AS (
  SELECT DISTINCT game_date, player_id FROM nba_analytics.upcoming_player_game_context
  WHERE game_date BETWEEN @start_date AND @end_date AND has_prop_line
)
SELECT
  n.game_date, n.source, n.raw_name, COALESCE(n.player_id, CONCAT(n.source, ':', n.name_lookup)) AS who,
  r.player_id IS NOT NULL AS reached
FROM named AS n
LEFT JOIN reached AS r ON r.game_date = n.game_date AND r.player_id = n.player_id
"""


def per_date_sql(per_name: str) -> str:
    """Per date: players with a line, players reached, and each missing one named once, whatever the sources (the
    folding happens in the warehouse: a season is tens of thousands of names, a few hundred dates)."""
    return f"""
WITH people AS (
  SELECT game_date, who, LOGICAL_OR(reached) AS reached, MIN(CONCAT(raw_name, ' (', source, ')')) AS label
  FROM ({per_name}) GROUP BY game_date, who
)
SELECT game_date, COUNT(*) AS players_with_line, COUNTIF(reached) AS players_reached,
  ARRAY_AGG(IF(reached, NULL, label) IGNORE NULLS ORDER BY label) AS missing
FROM people GROUP BY game_date
"""


@dataclass(frozen=True)
class Coverage:
    """One date's numbers; `missing` names each player (and source) whose line did not arrive."""

    game_date: date
    players_with_line: int
    players_reached: int
    unresolved: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.players_reached == self.players_with_line

    def __str__(self) -> str:
        share = self.players_reached / self.players_with_line if self.players_with_line else 1.0
        text = (
            f"Player coverage {self.game_date}: {self.players_reached}/{self.players_with_line} players with a line "
            f"reached upcoming_player_game_context ({share:.1%}); {self.unresolved} names in the unresolved queue"
        )
        return text + (f"; missing: {', '.join(self.missing)}" if self.missing else "")


def fold(rows: list[dict[str, Any]], queue: dict[date, int]) -> list[Coverage]:
    """Per-date rows (game_date, players_with_line, players_reached, missing) and the queue, as Coverage by date."""
    return [
        Coverage(
            r["game_date"],
            int(r["players_with_line"]),
            int(r["players_reached"]),
            queue.get(r["game_date"], 0),
            tuple(r["missing"] or ()),
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
                 "players_reached": c.players_reached, "unresolved": c.unresolved, "missing": json.dumps(c.missing)}
                for c in measured
            ],
        )  # fmt: skip
    for c in measured:
        if not c.complete:
            log_event(logger, str(c), event="player_coverage_short", level=logging.WARNING, game_date=str(c.game_date))
    return measured
