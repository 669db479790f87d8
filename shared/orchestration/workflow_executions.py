"""nba_orchestration.workflow_executions: one row per workflow run."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from shared.orchestration import scraper_runs
from shared.warehouse import Warehouse

TABLE = "nba_orchestration.workflow_executions"
COLUMNS = (
    "execution_id, workflow, decision_id, execution_date, started_at, finished_at, requested, succeeded, no_data, "
    "failed, attempts, retries, duration_s, error_message, errors_json"
)
# The runs started at or after @since as they stand now: a load_pending run whose every pending call (errors_json
# names its run_id) a replay has since loaded (a scraper_runs fact with replay_of) reads as succeeded.
RUNS = f"""
WITH replayed AS (
  SELECT DISTINCT replay_of AS run_id FROM {scraper_runs.TABLE} WHERE replay_of IS NOT NULL AND started_at >= @since
),
waiting AS (
  SELECT e.execution_id, COUNTIF(r.run_id IS NULL) AS calls
  FROM {TABLE} AS e
  CROSS JOIN UNNEST(JSON_QUERY_ARRAY(e.errors_json)) AS call
  LEFT JOIN replayed AS r ON r.run_id = JSON_VALUE(call, '$.run_id')
  WHERE e.status = 'load_pending' AND e.started_at >= @since AND JSON_VALUE(call, '$.run_id') IS NOT NULL
  GROUP BY e.execution_id
)
SELECT {COLUMNS.replace("execution_id,", "e.execution_id,", 1)},
  IF(e.status = 'load_pending' AND w.calls = 0, 'succeeded', e.status) AS status
FROM {TABLE} AS e LEFT JOIN waiting AS w ON w.execution_id = e.execution_id
WHERE e.started_at >= @since
"""


def append(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Append execution rows (streaming insert keyed by execution_id)."""
    warehouse.append_rows(TABLE, rows)


def held_ids(warehouse: Warehouse, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` the table already holds (a flush of kept rows appends only the others)."""
    rows = warehouse.query(f"SELECT execution_id AS id FROM {TABLE} WHERE execution_id IN UNNEST(@ids)", ids=list(ids))
    return {r["id"] for r in rows}


def of_date(warehouse: Warehouse, execution_date: date, since: datetime) -> list[dict[str, Any]]:
    """The runs for one execution date that started at or after `since` (a partition-pruning lower bound)."""
    return warehouse.query(
        f"SELECT execution_id, decision_id, workflow, execution_date, started_at, status, succeeded FROM {TABLE} "
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
        f"SELECT workflow, status, retries, attempts, duration_s, errors_json FROM ({RUNS}) WHERE started_at <= @until",
        since=since,
        until=until,
    )


def retries_by_scraper(warehouse: Warehouse, since: datetime, until: datetime) -> Counter[str]:
    """The executor's retries of runs started in [since, until], by scraper (a row from before retries were
    recorded by scraper counts under "<workflow> (scraper not recorded)")."""
    rows = warehouse.query(
        f"SELECT workflow, retries, retries_json FROM {TABLE} "
        "WHERE started_at >= @since AND started_at <= @until AND retries > 0",
        since=since,
        until=until,
    )
    counts: Counter[str] = Counter()
    for row in rows:
        if row["retries_json"]:
            counts.update({str(k): int(v) for k, v in json.loads(row["retries_json"]).items()})
        else:
            counts[f"{row['workflow']} (scraper not recorded)"] += int(row["retries"])
    return counts


def status_counts(warehouse: Warehouse, since: datetime, until: datetime | None = None) -> list[dict[str, Any]]:
    """Runs per workflow and status that started at or after `since` (and at or before `until` when given)."""
    bound = " AND started_at <= @until" if until is not None else ""
    return warehouse.query(
        f"SELECT workflow, status, COUNT(*) AS runs FROM ({RUNS}) WHERE TRUE{bound} GROUP BY workflow, status",
        since=since,
        **({"until": until} if until is not None else {}),
    )


def losses_between(warehouse: Warehouse, since: datetime, until: datetime, share: float) -> dict[str, dict[str, int]]:
    """By workflow for runs started in [since, until]: `runs`, `lossy` (runs that lost more than `share` of their
    calls: failed ones, and partial ones past the share), `calls` requested and calls `lost`."""
    rows = warehouse.query(
        f"SELECT workflow, COUNT(*) AS runs, "
        "COUNTIF(status = 'failed' OR (status = 'partial' AND SAFE_DIVIDE(failed, requested) > @share)) AS lossy, "
        f"SUM(COALESCE(requested, 0)) AS calls, SUM(COALESCE(failed, 0)) AS lost FROM ({RUNS}) "
        "WHERE started_at <= @until GROUP BY workflow",
        since=since,
        until=until,
        share=share,
    )
    return {r["workflow"]: {k: int(r[k] or 0) for k in ("runs", "lossy", "calls", "lost")} for r in rows}


def daily_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Runs per workflow, execution date and status, for runs that started in [since, until]."""
    return warehouse.query(
        f"SELECT workflow, execution_date AS day, status, COUNT(*) AS runs FROM ({RUNS}) "
        "WHERE started_at <= @until GROUP BY workflow, execution_date, status",
        since=since,
        until=until,
    )


def latest_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Each workflow's newest run started in [since, until]: status, counts and error message."""
    return warehouse.query(
        f"SELECT workflow, started_at, status, requested, succeeded, no_data, failed, error_message FROM ({RUNS}) "
        "WHERE started_at <= @until "
        "QUALIFY ROW_NUMBER() OVER (PARTITION BY workflow ORDER BY started_at DESC, execution_id DESC) = 1",
        since=since,
        until=until,
    )


def failures_between(warehouse: Warehouse, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
    """The newest `limit` failed or partial runs started in [since, until], with their error messages."""
    return warehouse.query(
        f"SELECT workflow, started_at, status, requested, failed, error_message FROM ({RUNS}) "
        "WHERE started_at <= @until AND status IN ('failed', 'partial') "
        "ORDER BY started_at DESC, execution_id DESC LIMIT @limit",
        since=since,
        until=until,
        limit=limit,
    )


def last_execution_date(warehouse: Warehouse) -> date | None:
    """The latest execution date recorded, or None on an empty table."""
    rows = warehouse.query(f"SELECT MAX(execution_date) AS day FROM {TABLE}")
    return rows[0]["day"] if rows else None
