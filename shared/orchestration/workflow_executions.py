"""nba_orchestration.workflow_executions: one row per workflow run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.workflow_executions"


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Append execution rows (streaming insert keyed by execution_id)."""
    warehouse.append_rows(TABLE, rows)


def of_date(warehouse: Warehouse, execution_date: date, since: datetime) -> list[dict[str, Any]]:
    """The runs for one execution date that started at or after `since` (a partition-pruning lower bound)."""
    return warehouse.query(
        f"SELECT execution_id, workflow, execution_date, started_at, status, succeeded FROM {TABLE} "
        "WHERE execution_date = @day AND started_at >= @since",
        day=execution_date,
        since=since,
    )


def by_decision(warehouse: Warehouse, decision_ids: Sequence[str], since: datetime) -> dict[str, str]:
    """decision_id -> execution_id for the decisions that already ran (started at or after `since`)."""
    if not decision_ids:
        return {}
    rows = warehouse.query(
        f"SELECT decision_id, execution_id FROM {TABLE} WHERE decision_id IN UNNEST(@ids) AND started_at >= @since",
        ids=list(decision_ids),
        since=since,
    )
    return {r["decision_id"]: r["execution_id"] for r in rows}


def started_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Runs that started in [since, until]: workflow, status, retries, attempts, duration_s, errors_json."""
    return warehouse.query(
        f"SELECT workflow, status, retries, attempts, duration_s, errors_json FROM {TABLE} "
        "WHERE started_at >= @since AND started_at <= @until",
        since=since,
        until=until,
    )


def status_counts(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Runs per workflow and status that started at or after `since`."""
    return warehouse.query(
        f"SELECT workflow, status, COUNT(*) AS runs FROM {TABLE} WHERE started_at >= @since GROUP BY workflow, status",
        since=since,
    )


def last_execution_date(warehouse: Warehouse) -> date | None:
    """The latest execution date recorded, or None on an empty table."""
    rows = warehouse.query(f"SELECT MAX(execution_date) AS day FROM {TABLE}")
    return rows[0]["day"] if rows else None
