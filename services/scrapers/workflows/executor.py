"""Run one workflow: steps in order, the calls of a step in parallel on a bounded pool, each under the retry policy."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.outcome import CallResult, ExecutionResult
from services.scrapers.workflows.plan import Output, PlannedCall, expand, variables
from shared.log import log_event
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier

logger = logging.getLogger(__name__)
ScrapeFn = Callable[[str, dict[str, str], float], Attempt]  # (scraper, params, timeout_s) -> one attempt


class Executor:
    """Runs workflows of a WorkflowsFile through `scrape` (real HTTP in the service); time and random injected.

    `max_parallel` has no default: the service passes its slots, built from COURTSIDE_EXECUTOR_MAX_PARALLEL.
    """

    def __init__(
        self,
        config: WorkflowsFile,
        scrape: ScrapeFn,
        policy: RetryPolicy,
        *,
        max_parallel: int,
        slots: threading.Semaphore | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.config = config
        self.scrape = scrape
        self.policy = policy
        self.retrier = Retrier(policy, clock=clock, sleep=sleep, rng=rng)
        self.max_parallel = max_parallel
        # Process-wide cap on requests in flight, shared by concurrent runs (see routes.py on threads).
        self.slots = slots
        self.clock = clock
        self.wall_clock = wall_clock

    def run(self, name: str, execution_date: date, *, decision_id: str | None = None) -> ExecutionResult:
        """Run workflow `name` for `execution_date` (US/Eastern) and return its result (not recorded here)."""
        workflow = self.config.workflows[name]
        started_at, t0 = self.wall_clock(), self.clock()
        deadline_s = None if self.policy.deadline_s is None else (workflow.deadline_s or self.policy.deadline_s)
        deadline_at = None if deadline_s is None else t0 + deadline_s
        scope = variables(execution_date)
        outputs: list[Output] = []
        results: list[CallResult] = []
        with ThreadPoolExecutor(max_workers=self.max_parallel, thread_name_prefix=f"wf-{name}") as pool:
            for step in workflow.steps:
                planned = expand(step.calls, scope, outputs)
                done = list(pool.map(lambda call: self._call(call, name, deadline_at), planned))
                results += done
                outputs += [Output(r.scraper, r.status != "failed", r.summary) for r in done]
        result = ExecutionResult(
            execution_id=f"{name}-{uuid.uuid4().hex[:12]}",
            workflow=name,
            decision_id=decision_id,
            execution_date=execution_date,
            started_at=started_at,
            finished_at=self.wall_clock(),
            duration_s=self.clock() - t0,
            calls=results,
        )
        _log_finished(result)
        return result

    def _call(self, call: PlannedCall, workflow: str, deadline_at: float | None) -> CallResult:
        if call.blocked:
            return CallResult(call.scraper, call.params, "failed", "skipped", call.blocked)
        fields = {"workflow": workflow, "scraper": call.scraper, "params": call.params}
        try:
            outcome = self.retrier.call(
                lambda timeout: self._attempt(call, timeout), name=call.scraper, deadline_at=deadline_at, fields=fields
            )
        except Exception as exc:  # our own bug: still a recorded failure with its cause, never a lost call
            logger.exception("executor error on %s", call.scraper, extra={"json_fields": {"event": "executor_error"}})
            return CallResult(call.scraper, call.params, "failed", "internal", f"executor error: {exc!r}")
        last = outcome.last
        if last.ok:
            body = last.value or {}
            summary = body.get("data_summary")
            summary = summary if isinstance(summary, dict) else {}
            message = body.get("message") if body["status"] == "load_pending" else None
            status, attempts = body["status"], outcome.attempts
            return CallResult(call.scraper, call.params, status, last.status, message, attempts, summary)
        return CallResult(
            call.scraper, call.params, "failed", last.status, last.error, outcome.attempts, gave_up=outcome.gave_up
        )

    def _attempt(self, call: PlannedCall, timeout_s: float) -> Attempt:
        if self.slots is None:
            return self.scrape(call.scraper, call.params, timeout_s)
        waited_from = time.monotonic()
        if not self.slots.acquire(timeout=timeout_s):
            error = f"no free executor slot within {timeout_s:.1f}s"
            return Attempt(ok=False, status="timeout", error=error, retriable=True, called=False)
        try:
            return self.scrape(call.scraper, call.params, max(0.05, timeout_s - (time.monotonic() - waited_from)))
        finally:
            self.slots.release()


def _log_finished(result: ExecutionResult) -> None:
    row = result.row()
    level = {"succeeded": logging.INFO, "partial": logging.WARNING}.get(result.status, logging.ERROR)
    log_event(
        logger,
        f"Workflow {result.workflow} {result.status}: {row['succeeded']} succeeded, {row['no_data']} no data, "
        f"{row['failed']} failed of {row['requested']} ({row['retries']} retries, {row['duration_s']:.1f}s)",
        event="workflow_finished",
        level=level,
        **{k: row[k] for k in ("workflow", "execution_id", "decision_id", "status", "requested", "succeeded")},
        **{k: row[k] for k in ("no_data", "failed", "attempts", "retries", "duration_s", "error_message")},
    )
