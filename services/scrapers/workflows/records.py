"""Warehouse side of the workflows: read games and history, record decisions and executions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from services.scrapers.workflows.decisions import Decision, PastExecution, World
from services.scrapers.workflows.outcome import ExecutionResult
from shared.eastern import ET
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import workflow_decisions, workflow_executions
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ET)


def _since(day: date, now: datetime) -> datetime:
    # Lower bound on started_at for partition pruning: runs for `day` start on the day before at the earliest,
    # or recently when someone re-runs an old date.
    return min(_day_start(day - timedelta(days=1)), now - timedelta(hours=36))


def load_world(warehouse: Warehouse, now: datetime, execution_date: date) -> World:
    """Games of the execution date and the day before, the schedule's load time, that date's executions."""
    games = warehouse.query(
        "SELECT game_date, COUNT(*) AS games FROM nba_raw.nbac_schedule "
        "WHERE game_date BETWEEN @first AND @last GROUP BY game_date",
        first=execution_date - timedelta(days=1),
        last=execution_date,
    )
    loaded = warehouse.query("SELECT MAX(processed_at) AS loaded_at FROM nba_raw.nbac_schedule")
    history = workflow_executions.of_date(warehouse, execution_date, _since(execution_date, now))
    return World(
        now=now,
        execution_date=execution_date,
        games={r["game_date"]: int(r["games"]) for r in games},
        schedule_loaded_at=loaded[0]["loaded_at"] if loaded else None,
        executions=[
            PastExecution(
                r["workflow"], r["execution_date"], r["started_at"], r["status"], r["succeeded"] or 0, r["execution_id"]
            )
            for r in history
        ],
    )


def latest_decisions(warehouse: Warehouse, execution_date: date, since: datetime, until: datetime) -> list[Decision]:
    """Each workflow's latest recorded decision for the date, evaluated within [since, until]."""
    return [Decision(**r) for r in workflow_decisions.latest_per_workflow(warehouse, execution_date, since, until)]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


def record_decisions(warehouse: Warehouse, decisions: Iterable[Decision]) -> bool:
    """Append the decisions; on a warehouse failure log them at ERROR and return False."""
    rows = [d.row() for d in decisions]
    try:
        workflow_decisions.append(warehouse, rows)
        return True
    except WarehouseError as exc:
        log_event(
            logger,
            f"could not record {len(rows)} workflow decisions: {exc.message}",
            event="workflow_decisions_not_recorded",
            level=logging.ERROR,
            decisions=[_plain(r) for r in rows],
        )
        return False


def record_execution(warehouse: Warehouse, result: ExecutionResult) -> bool:
    """Append the execution row; on a warehouse failure log the full record at ERROR. Sets result.recorded."""
    row = result.row()
    try:
        workflow_executions.append(warehouse, [row])
        result.recorded = True
    except WarehouseError as exc:
        plain = _plain(row)
        plain["errors_json"] = json.loads(row["errors_json"]) if row["errors_json"] else []
        log_event(
            logger,
            f"could not record workflow execution {result.execution_id} ({result.workflow} {result.status}): "
            f"{exc.message}",
            event="workflow_execution_not_recorded",
            level=logging.ERROR,
            record=plain,
        )
        result.recorded = False
    return result.recorded
