"""A processor: one set-based SELECT over nba_raw per date range, MERGEd into its nba_analytics table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from services.analytics.registry.names import NamePass
from services.analytics.registry.rebuild import prepare_players
from shared.errors import CourtsideError
from shared.schemas import table_spec
from shared.warehouse import Warehouse

_HERE = Path(__file__).parent
_INCLUDE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class Processed:
    """Rows written, the games processed without their upstream data (empty when complete), and how resolving
    the range's players first went."""

    rows: int
    missing: list[str]
    players: NamePass


class UpstreamNotReady(CourtsideError):
    """Upstream data a processor needs is missing; the run fails and counts toward its circuit."""

    status = 409
    code = "upstream_not_ready"


@cache
def read_sql(name: str) -> str:
    """A .sql file beside this module, with `{{ fragment }}` replaced by fragment.sql."""
    text = (_HERE / f"{name}.sql").read_text()
    return _INCLUDE.sub(lambda m: read_sql(m.group(1)).strip(), text)


class Processor:
    """Declared by attributes; shared behaviour (check, MERGE, readiness) lives here once."""

    name: ClassVar[str]
    target: ClassVar[str]
    # Raw table → days from the message's game_date to the date this processor then covers.
    triggered_by: ClassVar[Mapping[str, int]]
    # (raw table, its date column): newer processed_at there within the scope means upstream data arrived.
    readiness_sources: ClassVar[tuple[tuple[str, str], ...]]
    # What is missing, formatted with `missing` (how many games), `games` (of how many) and `which` (the games).
    missing_message: ClassVar[str]

    def select_sql(self) -> str:
        """The SELECT computing every row of the target for @start_date..@end_date."""
        return read_sql(self.name)

    def check_sql(self) -> str:
        """One row per game whose upstream is missing (game_date, game_id, teams) with the range's game count."""
        return read_sql(f"{self.name}.check")

    def merge_sql(self) -> str:
        """MERGE the SELECT into the target on its key (changed rows only); rows in range the SELECT no longer yields
        are deleted."""
        spec = table_spec(self.target)
        columns = [f.name for f in spec.fields]
        on = " AND ".join(f"T.{k} = S.{k}" for k in spec.key)
        updates = ", ".join(f"{c} = S.{c}" for c in columns if c not in spec.key)
        # Only rows whose values changed are written: a re-run with nothing new writes nothing (and an engine that
        # keeps versions of every updated row does not pile them up run after run).
        changed = " OR ".join(
            f"T.{c} IS DISTINCT FROM S.{c}" for c in columns if c not in spec.key and c != "processed_at"
        )
        in_range = "T.game_date BETWEEN @start_date AND @end_date"
        return (
            f"MERGE {self.target} T USING (\n{self.select_sql()}\n) S\nON {on}\n"
            f"WHEN MATCHED AND ({changed}) THEN UPDATE SET {updates}\n"
            f"WHEN NOT MATCHED THEN INSERT ({', '.join(columns)}) VALUES ({', '.join(f'S.{c}' for c in columns)})\n"
            f"WHEN NOT MATCHED BY SOURCE AND {in_range} THEN DELETE"
        )

    def readiness_sql(self) -> str:
        """How many readiness-source rows the scope holds and when the newest was written."""
        parts = [
            f"SELECT COUNT(*) AS n, MAX(processed_at) AS arrived FROM {table} "
            f"WHERE {column} BETWEEN @start_date AND @end_date"
            for table, column in self.readiness_sources
        ]
        return f"SELECT SUM(n) AS rows_now, MAX(arrived) AS upstream_at FROM ({' UNION ALL '.join(parts)})"

    def check(self, warehouse: Warehouse, start: date, end: date) -> list[str]:
        """The games still missing upstream data (`2026-11-28 LAL@BOS (0022600123)`); raise UpstreamNotReady when
        every game in the range is missing (nothing to process)."""
        gaps = warehouse.query(self.check_sql(), start_date=start, end_date=end)
        which = [
            f"{g['game_date']} {g['away_team_tricode']}@{g['home_team_tricode']} ({g['game_id']})"
            for g in sorted(gaps, key=lambda g: (g["game_date"], g["game_id"]))
        ]
        if gaps and len(gaps) >= gaps[0]["games"]:
            detail = self.missing_message.format(missing=len(gaps), games=gaps[0]["games"], which=", ".join(which))
            raise UpstreamNotReady(detail, field="game_date")
        return which

    def run(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> int:
        """Check upstream, MERGE the range in one statement, return the rows now in the target for it."""
        return self.run_checked(warehouse, start, end, now).rows

    def run_checked(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> Processed:
        """Like run, and name the games processed without their upstream data (a partial success)."""
        missing = self.check(warehouse, start, end)
        # Resolve the range's players first (set-based: one Python pass, then SQL joins the mapping).
        players = prepare_players(warehouse, start, end, now)
        params: dict[str, Any] = {"start_date": start, "end_date": end, "processed_at": now}
        warehouse.query(self.merge_sql(), **params)
        counted = warehouse.query(
            f"SELECT COUNT(*) AS n FROM {self.target} WHERE game_date BETWEEN @start_date AND @end_date", **params
        )
        self.after(warehouse, start, end, now)
        return Processed(int(counted[0]["n"]), missing, players)

    def after(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> None:
        """What a processor records once its MERGE is done (nothing by default)."""

    def upstream_marker(self, warehouse: Warehouse, start: date, end: date) -> str:
        """What the readiness sources hold for the scope now; any change since an opening means new data loaded,
        whatever time the scrape that loaded it started."""
        rows = warehouse.query(self.readiness_sql(), start_date=start, end_date=end)
        got = rows[0] if rows else {}
        at = got.get("upstream_at")
        return f"{got.get('rows_now') or 0} rows, newest {at.isoformat() if at else '-'}"
