"""nba_orchestration.freshness_checks and missing_games_log: what each freshness run found."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.warehouse import Warehouse

CHECKS_TABLE = "nba_orchestration.freshness_checks"
GAMES_TABLE = "nba_orchestration.missing_games_log"
DEFAULT_LOOKBACK = timedelta(days=7)


def append(warehouse: Warehouse, checks: list[dict[str, Any]], games: list[dict[str, Any]]) -> None:
    """Append one run's rows (one streaming append per table that has any)."""
    warehouse.append_rows(CHECKS_TABLE, checks)
    if games:
        warehouse.append_rows(GAMES_TABLE, games)


def checks_since(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Check rows at or after `since`, newest first."""
    return warehouse.query(
        f"SELECT checked_at, check_id, table_name, column_name, status, hours_stale, severity, reason "
        f"FROM `{CHECKS_TABLE}` WHERE checked_at >= @since ORDER BY checked_at DESC, table_name",
        since=since,
    )


def games_since(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Missing-game rows at or after `since`, newest first."""
    return warehouse.query(
        f"SELECT checked_at, check_id, game_date, game_id, source_table, players_found, issue "
        f"FROM `{GAMES_TABLE}` WHERE checked_at >= @since ORDER BY checked_at DESC, game_date, game_id",
        since=since,
    )


# The check_id of the newest run in [@since, @until].
_NEWEST_RUN = f"""(
  SELECT check_id FROM {CHECKS_TABLE}
  WHERE checked_at >= @since AND checked_at <= @until
  ORDER BY checked_at DESC, check_id DESC
  LIMIT 1
)"""


def newest_run_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Every row of the newest run in [since, until], thresholds included, by table; [] when none ran."""
    return warehouse.query(
        "SELECT check_id, checked_at, table_name, column_name, status, hours_stale, warn_after, error_after, "
        f"severity, reason FROM {CHECKS_TABLE} "
        f"WHERE checked_at >= @since AND checked_at <= @until AND check_id = {_NEWEST_RUN} ORDER BY table_name",
        since=since,
        until=until,
    )


def games_of_newest_run_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """The missing or incomplete games the newest run in [since, until] found (read beside that run's checks)."""
    return warehouse.query(
        f"SELECT game_date, game_id, source_table, players_found, issue FROM {GAMES_TABLE} "
        f"WHERE checked_at >= @since AND checked_at <= @until AND check_id = {_NEWEST_RUN} "
        "ORDER BY game_date, game_id, source_table",
        since=since,
        until=until,
    )
