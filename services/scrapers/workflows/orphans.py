"""Orphaned RUN decisions (the worker running them was killed): found on the next tick, recorded, run again."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from services.scrapers.workflows.decisions import RUN, Decision
from services.scrapers.workflows.ledger_view import LedgerView
from services.scrapers.workflows.models import WorkflowsFile
from shared.eastern import et_clock
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import workflow_decisions, workflow_executions
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
PICKUP = timedelta(minutes=30)  # /execute-workflows acts on a decision this recent (service.REUSE_DECISIONS)
RUN_LIMIT = timedelta(seconds=900)  # the longest an /execute-workflows request runs (its Scheduler attempt deadline)
LOOKBACK = timedelta(hours=6)
FIELDS = ("decision_id", "workflow", "action", "reason", "execution_date", "evaluated_at")


def find(
    decisions: Sequence[Decision], executed: set[str], now: datetime, deadline: Callable[[str], timedelta]
) -> list[Decision]:
    """RUN decisions with no execution past their deadline that no decision of the same tick replaced."""
    orphans = []
    for d in decisions:
        if d.action != RUN or d.decision_id in executed or now <= d.evaluated_at + PICKUP + deadline(d.workflow):
            continue
        replaced = any(
            o.decision_id != d.decision_id
            and (o.workflow, o.execution_date) == (d.workflow, d.execution_date)
            and d.evaluated_at <= o.evaluated_at <= d.evaluated_at + PICKUP
            for o in decisions
        )
        if not replaced:
            orphans.append(d)
    return orphans


def recovery(orphan: Decision, now: datetime, new_id: Callable[[], str] = lambda: uuid.uuid4().hex) -> Decision:
    """The RUN decision that runs an orphan's workflow again, saying so."""
    reason = (
        f"recovery of {orphan.decision_id}: RUN decided at {et_clock(orphan.evaluated_at)} ET has no execution "
        f"{(now - orphan.evaluated_at).total_seconds() / 60:.0f} min later, past its deadline (its worker was lost)"
    )
    return Decision(new_id(), orphan.workflow, RUN, reason, orphan.execution_date, now)


def lost_row(orphan: Decision, recovered_by: str, now: datetime) -> dict[str, Any]:
    """The workflow_executions row of the run that never reported: failed, lost, and who runs it again."""
    message = f"lost: no execution recorded for RUN decision {orphan.decision_id}; run again by {recovered_by}"
    return {
        "execution_id": uuid.uuid4().hex,
        "workflow": orphan.workflow,
        "decision_id": orphan.decision_id,
        "execution_date": orphan.execution_date,
        "started_at": orphan.evaluated_at,
        "finished_at": now,
        "status": "failed",
        "requested": 0,
        "error_message": message,
    }


def recover(
    warehouse: Warehouse, view: LedgerView, config: WorkflowsFile, now: datetime, only: Sequence[str]
) -> list[Decision]:
    """Find the orphans of the workflows in `only`, record each as a lost execution and one recovery decision per
    workflow; returns the recovery decisions to run. A run whose record waits in the ledger (the warehouse was
    down) is in the ledger's journal of runs: not an orphan."""
    try:
        rows = workflow_decisions.evaluated_between(warehouse, now - LOOKBACK, now)
        decisions = [Decision(**{k: r[k] for k in FIELDS}) for r in rows if r["workflow"] in only]
        runs = [d.decision_id for d in decisions if d.action == RUN]
        executed = set(workflow_executions.by_decision(warehouse, runs, now - LOOKBACK - PICKUP)) if runs else set()
        for day in {d.execution_date for d in decisions if d.action == RUN and d.decision_id not in executed}:
            executed |= {r["decision_id"] for r in view.executions(day)}
    except WarehouseError as exc:
        log_event(logger, f"orphan check skipped: {exc.message}", event="orphans_unchecked", level=logging.WARNING)
        return []

    def deadline(name: str) -> timedelta:
        workflow = config.workflows.get(name)
        return timedelta(seconds=workflow.deadline_s) if workflow and workflow.deadline_s else RUN_LIMIT

    recoveries: dict[str, Decision] = {}
    for orphan in sorted(find(decisions, executed, now, deadline), key=lambda d: d.evaluated_at, reverse=True):
        new = orphan.workflow not in recoveries
        again = recoveries.setdefault(orphan.workflow, recovery(orphan, now))
        try:
            workflow_executions.append(warehouse, [lost_row(orphan, again.decision_id, now)])
            if new:
                workflow_decisions.append(warehouse, [again.row()])
        except WarehouseError as exc:
            log_event(logger, f"orphan {orphan.decision_id} not recorded: {exc.message}", event="orphans_unchecked")
            recoveries.pop(orphan.workflow, None)
            continue
        log_event(
            logger,
            f"orphaned RUN decision {orphan.decision_id} ({orphan.workflow}): {again.reason}",
            event="workflow_orphan_recovered",
            level=logging.WARNING,
            workflow=orphan.workflow,
            orphan=orphan.decision_id,
            recovery=again.decision_id,
        )
    return list(recoveries.values())
