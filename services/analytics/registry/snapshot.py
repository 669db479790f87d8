"""What the player steps read, as (rows, newest write) per table in one query. The steps' output is a function of
these tables (and of the code and rules, fixed for a process), so a step whose inputs are as they were when this
instance last ran it for the same range has nothing to do."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shared.reference import player_aliases
from shared.warehouse import Warehouse

LOOKBACK = timedelta(days=30)  # the registry folds sightings this far back; the context table reads rosters as old

# table: (its date column, or None for the whole table; its write-time column; whether the lookback applies)
INPUTS: dict[str, tuple[str | None, str, bool]] = {
    "nba_raw.espn_rosters": ("roster_date", "processed_at", True),
    "nba_raw.bdl_box_scores": ("game_date", "processed_at", True),
    "nba_raw.oddsa_player_props": ("game_date", "processed_at", False),
    "nba_raw.bp_player_props": ("game_date", "processed_at", False),
    "nba_raw.bp_events": ("game_date", "processed_at", False),
    player_aliases.TABLE: (None, "created_at", False),
}
SIGHTINGS = ("nba_raw.espn_rosters", "nba_raw.bdl_box_scores")  # what the registry step reads


def snapshot_sql() -> str:
    """One row per input table: its name, rows in scope and newest write time."""
    parts = []
    for table, (day, written, lookback) in INPUTS.items():
        since = "@since" if lookback else "@start_date"
        where = f" WHERE {day} BETWEEN {since} AND @end_date" if day else ""
        parts.append(f"SELECT '{table}' AS name, COUNT(*) AS n, MAX({written}) AS at FROM {table}{where}")
    return "\nUNION ALL\n".join(parts)


@dataclass(frozen=True)
class Snapshot:
    """(rows, newest write) per input table for one range."""

    tables: dict[str, tuple[int, Any]]

    def same(self, other: Snapshot | None, names: Iterable[str] = INPUTS) -> bool:
        """Whether the named tables look exactly as they did in `other`."""
        return other is not None and all(self.tables.get(n) == other.tables.get(n) for n in names)


def take(wh: Warehouse, start: date, end: date) -> Snapshot:
    """The input tables as they stand now (one query)."""
    rows = wh.query(snapshot_sql(), since=start - LOOKBACK, start_date=start, end_date=end)
    return Snapshot({r["name"]: (int(r["n"]), r["at"]) for r in rows})
