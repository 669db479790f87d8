"""nba_orchestration.workflow_decisions: one RUN/SKIP row per workflow per evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.workflow_decisions"


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Append decision rows (streaming insert keyed by decision_id)."""
    warehouse.append_rows(TABLE, rows)


def held_ids(warehouse: Warehouse, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` the table already holds (a flush of kept rows appends only the others)."""
    rows = warehouse.query(f"SELECT decision_id AS id FROM {TABLE} WHERE decision_id IN UNNEST(@ids)", ids=list(ids))
    return {r["id"] for r in rows}


def latest_per_workflow(warehouse: Warehouse, execution_date: date, since: datetime, until: datetime) -> list[dict]:
    """Each workflow's latest decision for the date, evaluated within [since, until]."""
    return warehouse.query(
        f"SELECT decision_id, workflow, action, reason, execution_date, evaluated_at FROM {TABLE} "
        "WHERE execution_date = @day AND evaluated_at >= @since AND evaluated_at <= @until "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY workflow ORDER BY evaluated_at DESC) = 1",
        day=execution_date,
        since=since,
        until=until,
    )


def evaluated_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict]:
    """Every decision (RUN and SKIP, any execution date) evaluated within [since, until]."""
    return warehouse.query(
        f"SELECT decision_id, workflow, action, reason, execution_date, evaluated_at FROM {TABLE} "
        "WHERE evaluated_at >= @since AND evaluated_at <= @until",
        since=since,
        until=until,
    )
