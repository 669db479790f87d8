"""Evaluate and execute workflows at a moment: the glue between decisions, the executor and the records."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.scrapers.archive.ledger import Ledger
from services.scrapers.archive.store import Archive
from services.scrapers.workflows import orphans, records
from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.decisions import RUN, SKIP, Decision, World, decide
from services.scrapers.workflows.executor import Executor
from services.scrapers.workflows.ledger_view import LedgerView
from services.scrapers.workflows.outcome import ExecutionResult
from shared.errors import CourtsideError
from shared.limits import MAX_CONCURRENT_RUNS, WAREHOUSE_DEADLINE_S
from shared.log import log_event
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


class ExecutorBusy(CourtsideError):
    """This process already runs its maximum of workflow requests."""

    status = 503
    code = "executor_busy"


class AlreadyRunning(CourtsideError):
    """The workflow is running in this process right now."""

    status = 409
    code = "already_running"


@dataclass(frozen=True)
class Moment:
    """When a request acts: now (UTC, simulated locally), its execution date (ET), and a clock running from now."""

    now: datetime
    execution_date: date
    wall_clock: Callable[[], datetime]


def _decision_json(d: Decision) -> dict[str, Any]:
    return {**d.row(), "execution_date": d.execution_date.isoformat(), "evaluated_at": d.evaluated_at.isoformat()}


class WorkflowService:
    """POST /evaluate, /execute-workflows and /execute-workflow, without the HTTP."""

    def __init__(
        self,
        config: WorkflowsFile,
        warehouse: Warehouse,
        make_executor: Callable[[Callable[[], datetime]], Executor],
        archive: Archive,
    ) -> None:
        self.config = config
        # One attempt per call: with the warehouse down, decisions fall back to the ledger instead of waiting.
        self.warehouse = warehouse.fail_fast(WAREHOUSE_DEADLINE_S)
        self.make_executor = make_executor
        self.view = LedgerView(archive)
        self.ledger = Ledger(archive)
        self._requests = threading.BoundedSemaphore(MAX_CONCURRENT_RUNS)
        self._running: set[str] = set()
        self._lock = threading.Lock()

    def evaluate(self, moment: Moment, only: Sequence[str] | None = None) -> dict[str, Any]:
        """Decide every workflow (or those in `only`) and record the decisions."""
        world = records.read_world(self.warehouse, self.view, moment.now, moment.execution_date)
        decisions, recorded = self._decide(world, only)
        return {
            "evaluated_at": moment.now.isoformat(),
            "execution_date": moment.execution_date.isoformat(),
            "decisions": [_decision_json(d) for d in decisions],
            "recorded": recorded,
        }

    def execute_due(self, moment: Moment, only: Sequence[str] | None = None) -> dict[str, Any]:
        """Run what the latest decisions say is due and has not run for that decision; schedule workflow first."""
        wanted = list(only) if only is not None else list(self.config.workflows)
        with self._request_slot():
            pending_loads = self._pending_loads()
            tick = records.read_tick(self.warehouse, self.view, moment.now, moment.execution_date)
            decisions = [d for d in tick.decisions if d.workflow in wanted]
            if {d.workflow for d in decisions} != set(wanted):
                decisions, _ = self._decide(tick.world, wanted)
            # Orphans of earlier ticks (a lost worker) run again, in place of this tick's decision for them.
            recoveries = orphans.recover(self.warehouse, self.view, self.config, moment.now, wanted)
            pending = sorted(decisions, key=lambda d: d.workflow != self.config.schedule_workflow)
            pending = [d for d in pending if d.workflow not in {r.workflow for r in recoveries}]
            used = list(pending) + recoveries
            executions: list[ExecutionResult] = []
            skipped: list[dict[str, Any]] = []
            while pending:
                decision = pending.pop(0)
                reason = self._why_not(decision, tick.done)
                if reason:
                    skipped.append(
                        {"workflow": decision.workflow, "decision_id": decision.decision_id, "reason": reason}
                    )
                    continue
                try:
                    executions.append(self._run(decision, moment))
                except AlreadyRunning as exc:
                    skipped.append(
                        {"workflow": decision.workflow, "decision_id": decision.decision_id, "reason": exc.message}
                    )
                    continue
                if decision.workflow == self.config.schedule_workflow and pending:
                    # The schedule was just refreshed: decide the rest again on what it loaded.
                    world = records.read_world(self.warehouse, self.view, moment.wall_clock(), moment.execution_date)
                    pending, _ = self._decide(world, [d.workflow for d in pending])
                    used += pending
            executions += [self._run(decision, moment) for decision in recoveries]
        return {
            "now": moment.now.isoformat(),
            "execution_date": moment.execution_date.isoformat(),
            "decisions": [_decision_json(d) for d in used],
            "executions": [e.to_json() for e in executions],
            "skipped": skipped,
            "pending_loads": pending_loads,
        }

    def execute_one(self, moment: Moment, workflow: str) -> dict[str, Any]:
        """Run one workflow now, whatever its schedule says (recorded as a manual RUN decision)."""
        decision = Decision(
            uuid.uuid4().hex, workflow, RUN, "manual: POST /execute-workflow", moment.execution_date, moment.now
        )
        with self._request_slot():
            records.record_decisions(self.warehouse, self.view, [decision])
            result = self._run(decision, moment)
        return {"decision": _decision_json(decision), "execution": result.to_json()}

    def _decide(self, world: World, only: Sequence[str] | None) -> tuple[list[Decision], bool]:
        decisions = decide(self.config, world, only=only)
        return decisions, records.record_decisions(self.warehouse, self.view, decisions)

    def _pending_loads(self) -> int:
        """Archived payloads of the last two (UTC) fetch days not loaded yet: two listings per day, no reads."""
        today = self.ledger.clock().astimezone(UTC).date()
        pending = len(self.ledger.unloaded_keys([today - timedelta(days=1), today]))
        if pending:
            log_event(
                logger,
                f"{pending} archived payloads wait for a load; `courtside replay` (or the scheduled replay) loads them",
                event="loads_pending",
                level=logging.WARNING,
                pending_loads=pending,
            )
        return pending

    def _why_not(self, decision: Decision, done: dict[str, str]) -> str | None:
        if decision.action == SKIP:
            return decision.reason
        if decision.decision_id in done:
            return f"already executed for this decision ({done[decision.decision_id]})"
        return None

    def _run(self, decision: Decision, moment: Moment) -> ExecutionResult:
        with self._lock:
            if decision.workflow in self._running:
                raise AlreadyRunning(f"{decision.workflow} is already running", field="workflow")
            self._running.add(decision.workflow)
        try:
            executor = self.make_executor(moment.wall_clock)
            result = executor.run(decision.workflow, decision.execution_date, decision_id=decision.decision_id)
        finally:
            with self._lock:
                self._running.discard(decision.workflow)
        records.record_execution(self.warehouse, self.view, result)
        return result

    @contextmanager
    def _request_slot(self) -> Iterator[None]:
        if not self._requests.acquire(blocking=False):
            raise ExecutorBusy(f"this instance already runs {MAX_CONCURRENT_RUNS} workflow requests; retry shortly")
        try:
            yield
        finally:
            self._requests.release()
