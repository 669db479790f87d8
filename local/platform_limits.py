"""The real platform's limits per simulated day: BigQuery table operations and concurrent DML per table (counted
from the stack's `warehouse_write` log lines), Odds API credits per day and month (from the budget facts)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from shared.eastern import day_start, game_date
from shared.orchestration import upstream_budget
from shared.warehouse import Warehouse

TABLE_OPERATIONS_PER_DAY = 1_500  # BigQuery: load jobs, DML and query writes per table a day
CONCURRENT_DML_PER_TABLE = 2  # BigQuery runs at most 2 mutating DML per table at once (the rest queue)


@dataclass
class DayLimits:
    """One day's counts against the limits; `over` names each one passed."""

    day: date
    dml: Counter[str] = field(default_factory=Counter)
    streams: Counter[str] = field(default_factory=Counter)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    credits_day: int = 0
    credits_month: int = 0
    monthly_plan: int | None = None
    over: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No limit passed."""
        return not self.over

    def busiest(self) -> tuple[str, int]:
        """The table with the most table operations today, and how many."""
        return max(self.dml.items(), key=lambda item: item[1], default=("-", 0))

    def summary(self) -> str:
        """`ops max 41/1500 (nba_raw.x), dml in flight max 1/2, credits 21 (month 120/300)`."""
        table, most = self.busiest()
        flight = max(self.max_in_flight.values(), default=0)
        plan = f"/{self.monthly_plan}" if self.monthly_plan else ""
        line = (
            f"ops max {most}/{TABLE_OPERATIONS_PER_DAY} ({table}), "
            f"dml in flight max {flight}/{CONCURRENT_DML_PER_TABLE}, "
            f"credits {self.credits_day} (month {self.credits_month}{plan})"
        )
        return line if self.ok else f"{line}; OVER: {'; '.join(self.over)}"


class WriteLog:
    """Reads the stack's log files from where it last stopped: `warehouse_write` lines by simulated day."""

    def __init__(self, logs_dir: Path) -> None:
        self.logs_dir = logs_dir
        self._offsets: dict[Path, int] = {}
        self.dml: dict[date, Counter[str]] = defaultdict(Counter)
        self.streams: dict[date, Counter[str]] = defaultdict(Counter)
        self.in_flight: dict[date, dict[str, int]] = defaultdict(dict)

    def read_new(self) -> None:
        """Fold the lines written since the last read."""
        for path in sorted(self.logs_dir.glob("*.log")):
            with path.open("rb") as handle:
                handle.seek(self._offsets.get(path, 0))
                for raw in handle:
                    if raw.endswith(b"\n") and b'"warehouse_write"' in raw:
                        self._fold(raw)
                    elif not raw.endswith(b"\n"):
                        handle.seek(-len(raw), 1)  # a line still being written: read it next time
                        break
                self._offsets[path] = handle.tell()

    def _fold(self, raw: bytes) -> None:
        try:
            line = json.loads(raw)
            day = game_date(datetime.fromisoformat(line["logged_at"].replace("Z", "+00:00")))
        except (ValueError, KeyError, TypeError):
            return
        if line.get("event") != "warehouse_write":
            return
        table = str(line.get("table"))
        if line.get("operation") == "dml":
            self.dml[day][table] += 1
            flight = int(line.get("in_flight") or 0)
            self.in_flight[day][table] = max(flight, self.in_flight[day].get(table, 0))
        else:
            self.streams[day][table] += 1


def _credits(warehouse: Warehouse, since: date) -> dict[date, int]:
    totals = upstream_budget.totals_since(warehouse, day_start(since)).get("oddsapi", {})
    return dict(totals.get("credits_by_day", {}))


def count_limits(warehouse: Warehouse, writes: WriteLog, day: date, monthly_plan: int | None = None) -> DayLimits:
    """`day`'s counts against the platform's limits."""
    writes.read_new()
    limits = DayLimits(day, writes.dml[day], writes.streams[day], writes.in_flight[day], monthly_plan=monthly_plan)
    by_day = _credits(warehouse, day.replace(day=1))
    limits.credits_day = by_day.get(day, 0)
    limits.credits_month = sum(n for d, n in by_day.items() if d <= day)
    for table, n in limits.dml.items():
        if n > TABLE_OPERATIONS_PER_DAY:
            limits.over.append(f"{table} {day}: {n} table operations (limit {TABLE_OPERATIONS_PER_DAY})")
    for table, n in limits.max_in_flight.items():
        if n > CONCURRENT_DML_PER_TABLE:
            limits.over.append(f"{table} {day}: {n} DML at once (limit {CONCURRENT_DML_PER_TABLE})")
    if monthly_plan is not None and limits.credits_month > monthly_plan:
        limits.over.append(f"Odds API {day:%Y-%m}: {limits.credits_month} credits (plan {monthly_plan})")
    return limits
