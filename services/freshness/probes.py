"""Warehouse side of the freshness checks: every check (and the game days) in one UNION ALL round trip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from services.freshness.config import CheckSpec
from services.freshness.rules import GameDays, Observation, Verdict, evaluate
from services.freshness.schema_check import check_problems
from shared.eastern import eastern_today
from shared.errors import WarehouseError
from shared.schemas import TABLES
from shared.warehouse import Warehouse

SCHEDULE = "nba_raw.nbac_schedule"
Mode = Literal["combined", "per_check"]
_SLOTS = ("TIMESTAMP", "DATE", "DATETIME")
_SCHEDULE_IDX = -1


@dataclass(frozen=True)
class CheckResult:
    """One check with its verdict."""

    check: CheckSpec
    verdict: Verdict
    newest: datetime | date | None = None


def probe_sql(index: int, check: CheckSpec) -> str:
    """SELECT index, MAX(col) in the slot of its type, COUNT(*), COUNTIF(col IS NULL) for one check."""
    kind = TABLES[check.table].columns[check.column].field_type
    column = f"`{check.column}`"
    slots = ", ".join(
        f"MAX({column}) AS newest_{s.lower()}" if s == kind else f"CAST(NULL AS {s}) AS newest_{s.lower()}"
        for s in _SLOTS
    )
    where = f" WHERE ({check.filter})" if check.filter else ""
    return (
        f"SELECT {index} AS idx, {slots}, COUNT(*) AS n_rows, COUNTIF({column} IS NULL) AS n_null "
        f"FROM `{check.table}`{where}"
    )


def _schedule_sql() -> str:
    # Same shape as probe_sql: one row per game date in the window, in the DATE slot.
    return (
        f"SELECT {_SCHEDULE_IDX} AS idx, CAST(NULL AS TIMESTAMP) AS newest_timestamp, game_date AS newest_date, "
        f"CAST(NULL AS DATETIME) AS newest_datetime, COUNT(*) AS n_rows, 0 AS n_null FROM `{SCHEDULE}` "
        "WHERE game_date BETWEEN @window_from AND @today GROUP BY game_date"
    )


def _observation(row: dict) -> Observation:
    newest = next((row[f"newest_{s.lower()}"] for s in _SLOTS if row[f"newest_{s.lower()}"] is not None), None)
    return Observation(newest=newest, rows=int(row["n_rows"]), nulls=int(row["n_null"]))


def _run(warehouse: Warehouse, parts: list[str], params: dict) -> list[dict]:
    return warehouse.query("\nUNION ALL\n".join(parts), **params)


def observe(
    warehouse: Warehouse, checks: Sequence[CheckSpec], *, today: date, window_days: int, mode: Mode = "combined"
) -> tuple[list[Observation], GameDays | None]:
    """Observations in the order of `checks`, and the game days (None when no check needs them or unknown)."""
    observations: list[Observation | None] = [None] * len(checks)
    parts: dict[int, str] = {}
    for index, check in enumerate(checks):
        problems = check_problems(check)
        if problems:
            observations[index] = Observation(error="; ".join(problems))
        else:
            parts[index] = probe_sql(index, check)
    need_days = any(c.game_days_only for c in checks)
    if need_days:
        parts[_SCHEDULE_IDX] = _schedule_sql()
    params = {"window_from": today - timedelta(days=window_days), "today": today} if need_days else {}
    results: dict[int, list[dict] | str] = {}
    if mode == "combined" and parts:
        try:
            rows = _run(warehouse, list(parts.values()), params)
            results = {i: [r for r in rows if r["idx"] == i] for i in parts}
        except WarehouseError:
            results = {}  # one bad check must not sink the others: fall back to one query per check
    for index, sql in parts.items():
        if index not in results:
            try:
                results[index] = _run(warehouse, [sql], params if index == _SCHEDULE_IDX else {})
            except WarehouseError as exc:
                results[index] = f"warehouse error: {exc.message}"
    schedule = results.pop(_SCHEDULE_IDX, None)
    game_days = None
    if isinstance(schedule, list):
        dates = frozenset(r["newest_date"] for r in schedule)
        game_days = GameDays(dates, known_from=today - timedelta(days=window_days))
    for index, outcome in results.items():
        observations[index] = Observation(error=outcome) if isinstance(outcome, str) else _observation(outcome[0])
    return [o or Observation(error="not checked") for o in observations], game_days


def check_tables(
    warehouse: Warehouse, checks: Sequence[CheckSpec], *, now: datetime, window_days: int = 14, mode: Mode = "combined"
) -> tuple[list[CheckResult], GameDays | None]:
    """Observe and judge every check (what the service and the benchmark call); warehouse.calls counts trips."""
    observations, game_days = observe(warehouse, checks, today=eastern_today(now), window_days=window_days, mode=mode)
    results = []
    for check, obs in zip(checks, observations, strict=True):
        verdict = evaluate(
            obs,
            column=check.column,
            warn_after=check.warn_after,
            error_after=check.error_after,
            now=now,
            game_days=game_days,
            game_days_only=check.game_days_only,
            has_filter=check.filter is not None,
        )
        results.append(CheckResult(check, verdict, obs.newest))
    return results, game_days
