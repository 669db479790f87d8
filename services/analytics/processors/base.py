"""A processor: one set-based SELECT over nba_raw per date range, MERGEd into its nba_analytics table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from services.analytics.registry.rebuild import prepare_players
from shared.errors import CourtsideError
from shared.schemas import table_spec
from shared.warehouse import Warehouse

_HERE = Path(__file__).parent
_INCLUDE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


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
    # What `<name>.check.sql` finds missing, per date: formatted with missing, total, game_date.
    missing_message: ClassVar[str]

    def select_sql(self) -> str:
        """The SELECT computing every row of the target for @start_date..@end_date."""
        return read_sql(self.name)

    def check_sql(self) -> str:
        """Rows (game_date, missing, total) for dates whose upstream is incomplete; none when ready."""
        return read_sql(f"{self.name}.check")

    def merge_sql(self) -> str:
        """MERGE the SELECT into the target on its key; rows in range the SELECT no longer yields are deleted."""
        spec = table_spec(self.target)
        columns = [f.name for f in spec.fields]
        on = " AND ".join(f"T.{k} = S.{k}" for k in spec.key)
        updates = ", ".join(f"{c} = S.{c}" for c in columns if c not in spec.key)
        in_range = "T.game_date BETWEEN @start_date AND @end_date"
        return (
            f"MERGE {self.target} T USING (\n{self.select_sql()}\n) S\nON {on}\n"
            f"WHEN MATCHED THEN UPDATE SET {updates}\n"
            f"WHEN NOT MATCHED THEN INSERT ({', '.join(columns)}) VALUES ({', '.join(f'S.{c}' for c in columns)})\n"
            f"WHEN NOT MATCHED BY SOURCE AND {in_range} THEN DELETE"
        )

    def readiness_sql(self) -> str:
        """Latest processed_at among the readiness sources within the scope."""
        parts = [
            f"SELECT MAX(processed_at) AS arrived FROM {table} WHERE {column} BETWEEN @start_date AND @end_date"
            for table, column in self.readiness_sources
        ]
        return f"SELECT MAX(arrived) AS upstream_at FROM ({' UNION ALL '.join(parts)})"

    def check(self, warehouse: Warehouse, start: date, end: date) -> None:
        """Raise UpstreamNotReady naming what is missing on which dates."""
        gaps = warehouse.query(self.check_sql(), start_date=start, end_date=end)
        if gaps:
            detail = "; ".join(self.missing_message.format(**g) for g in sorted(gaps, key=lambda g: g["game_date"]))
            raise UpstreamNotReady(detail, field="game_date")

    def run(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> int:
        """Check upstream, MERGE the range in one statement, return the rows now in the target for it."""
        self.check(warehouse, start, end)
        # Resolve the range's players first (set-based: one Python pass, then SQL joins the mapping).
        prepare_players(warehouse, start, end, now)
        params: dict[str, Any] = {"start_date": start, "end_date": end, "processed_at": now}
        warehouse.query(self.merge_sql(), **params)
        counted = warehouse.query(
            f"SELECT COUNT(*) AS n FROM {self.target} "
            "WHERE game_date BETWEEN @start_date AND @end_date AND processed_at = @processed_at",
            **params,
        )
        self.after(warehouse, start, end, now)
        return int(counted[0]["n"])

    def after(self, warehouse: Warehouse, start: date, end: date, now: datetime) -> None:
        """What a processor records once its MERGE is done (nothing by default)."""

    def upstream_at(self, warehouse: Warehouse, start: date, end: date) -> datetime | None:
        """When upstream data for the scope last arrived (the readiness query)."""
        rows = warehouse.query(self.readiness_sql(), start_date=start, end_date=end)
        return rows[0]["upstream_at"] if rows else None
