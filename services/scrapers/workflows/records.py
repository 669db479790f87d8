"""Warehouse side of the workflows: one read of what a tick needs, and the records of decisions and executions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.scrapers.workflows.decisions import Decision, PastExecution, World
from services.scrapers.workflows.ledger_view import LedgerView
from services.scrapers.workflows.outcome import ExecutionResult
from shared.eastern import ET
from shared.errors import WarehouseError
from shared.limits import REUSE_DECISIONS
from shared.log import log_event
from shared.orchestration import workflow_decisions, workflow_executions
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
DECISION_FIELDS = ("decision_id", "workflow", "action", "reason", "execution_date", "evaluated_at")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ET)


def _since(day: date, now: datetime) -> datetime:
    # Lower bound on started_at for partition pruning: runs for `day` start on the day before at the earliest,
    # or recently when someone re-runs an old date.
    return min(_day_start(day - timedelta(days=1)), now - timedelta(hours=36))


def _degraded(what: str, exc: WarehouseError) -> None:
    log_event(
        logger,
        f"warehouse unavailable ({exc.message}); {what}",
        event="decisions_degraded",
        level=logging.WARNING,
        reason=exc.message,
    )


def _past(rows: Iterable[dict[str, Any]]) -> list[PastExecution]:
    by_id = {r["execution_id"]: r for r in rows}  # the warehouse and the ledger may both hold a run
    return [
        PastExecution(
            r["workflow"], r["execution_date"], r["started_at"], r["status"], r["succeeded"] or 0, r["execution_id"]
        )
        for r in by_id.values()
    ]


@dataclass(frozen=True)
class Tick:
    """What one workflow tick reads, once: the world decisions need, the latest decisions, and which already ran."""

    world: World  # its now and execution_date are the tick's moment
    decisions: list[Decision]  # each workflow's latest recorded decision within REUSE_DECISIONS
    done: dict[str, str]  # decision_id -> execution_id, for the decisions of the date that already ran


def read_tick(warehouse: Warehouse, view: LedgerView, now: datetime, execution_date: date) -> Tick:
    """The decisions, the date's executions and the schedule, each read once (from the ledger when the warehouse is
    down)."""
    decisions = _latest_decisions(warehouse, view, execution_date, now - REUSE_DECISIONS, now)
    world, done = _world_and_done(warehouse, view, now, execution_date)
    return Tick(world, decisions, done)


def read_world(warehouse: Warehouse, view: LedgerView, now: datetime, execution_date: date) -> World:
    """Games of the execution date and the day before, the schedule's load time, that date's executions."""
    return _world_and_done(warehouse, view, now, execution_date)[0]


def _world_and_done(
    warehouse: Warehouse, view: LedgerView, now: datetime, execution_date: date
) -> tuple[World, dict[str, str]]:
    """The world, and decision_id -> execution_id of the date's runs started since REUSE_DECISIONS plus an hour.

    With the warehouse down it decides from the ledger: the journal of runs and the last archived schedule.
    """
    try:
        games_rows = warehouse.query(
            "SELECT game_date, COUNT(*) AS games FROM nba_raw.nbac_schedule "
            "WHERE game_date BETWEEN @first AND @last GROUP BY game_date",
            first=execution_date - timedelta(days=1),
            last=execution_date,
        )
        loaded = warehouse.query("SELECT MAX(processed_at) AS loaded_at FROM nba_raw.nbac_schedule")
        history = workflow_executions.of_date(warehouse, execution_date, _since(execution_date, now))
        games = {r["game_date"]: int(r["games"]) for r in games_rows}
        loaded_at = loaded[0]["loaded_at"] if loaded else None
        recent = now - REUSE_DECISIONS - timedelta(hours=1)
        done = {r["decision_id"]: r["execution_id"] for r in history if r["decision_id"] and r["started_at"] >= recent}
        history += view.kept_executions(execution_date)
    except WarehouseError as exc:
        _degraded("deciding from the ledger's journal of runs and the last archived schedule", exc)
        games, loaded_at = view.schedule(execution_date)
        history = view.executions(execution_date)
        done = {r["decision_id"]: r["execution_id"] for r in history if r.get("decision_id")}
    return World(now, execution_date, games, loaded_at, _past(history)), done


def _latest_decisions(
    warehouse: Warehouse, view: LedgerView, execution_date: date, since: datetime, until: datetime
) -> list[Decision]:
    """Each workflow's latest recorded decision for the date, evaluated within [since, until]."""
    try:
        rows = workflow_decisions.latest_per_workflow(warehouse, execution_date, since, until)
    except WarehouseError as exc:
        _degraded("acting on the decisions kept in the ledger", exc)
        rows = view.latest_decisions(execution_date, since, until)
    return [Decision(**{k: r[k] for k in DECISION_FIELDS}) for r in rows]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


def record_decisions(warehouse: Warehouse, view: LedgerView, decisions: Iterable[Decision]) -> bool:
    """Append the decisions; on a warehouse failure keep them in the ledger (flushed later) and return False."""
    rows = [d.row() for d in decisions]
    try:
        workflow_decisions.append(warehouse, rows)
        return True
    except WarehouseError as exc:
        for row in rows:
            view.kept.keep(workflow_decisions.TABLE, row["decision_id"], row)
        log_event(
            logger,
            f"{len(rows)} workflow decisions not recorded yet ({exc.message}); kept in the ledger until a replay",
            event="workflow_decisions_kept",
            level=logging.WARNING,
            decisions=[_plain(r) for r in rows],
        )
        return False


def record_execution(warehouse: Warehouse, view: LedgerView, result: ExecutionResult) -> bool:
    """Note the run in the ledger's journal, append its row; on a warehouse failure keep the row in the ledger
    (flushed later) and log the full record. Sets result.recorded (in the warehouse)."""
    row = result.row()
    view.journal(row)
    try:
        workflow_executions.append(warehouse, [row])
        result.recorded = True
    except WarehouseError as exc:
        view.kept.keep(workflow_executions.TABLE, result.execution_id, row)
        plain = _plain(row)
        plain["errors_json"] = json.loads(row["errors_json"]) if row["errors_json"] else []
        log_event(
            logger,
            f"workflow execution {result.execution_id} ({result.workflow} {result.status}) not recorded yet "
            f"({exc.message}); kept in the ledger until a replay",
            event="workflow_execution_kept",
            level=logging.WARNING,
            record=plain,
        )
        result.recorded = False
    return result.recorded
