"""Run one workflow: steps in order, the calls of a step in parallel on a bounded pool, each under the retry policy."""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial

from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.upstreams import SCRAPERS
from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.outcome import CallResult, ExecutionResult
from services.scrapers.workflows.plan import Output, PlannedCall, expand, variables
from shared.clock import Clock, system_now
from shared.group_commit.step import calling, new_step
from shared.log import log_event
from shared.resilience.outcomes import AttemptFailure
from shared.resilience.policy import RetryPolicy
from shared.resilience.retrier import Attempt, Retrier, RetryOutcome

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
        wall_clock: Clock = system_now,
        budget: UpstreamBudget | None = None,
    ) -> None:
        self.config = config
        self.scrape = scrape
        self.policy = policy
        self.retrier = Retrier(policy, clock=clock, sleep=sleep, rng=rng)
        self.max_parallel = max_parallel
        self.steps_together = True  # siblings of a step that all fit in flight share one write per table
        # Process-wide cap on requests in flight, shared by concurrent runs (see routes.py on threads).
        self.slots = slots
        self.clock = clock
        self.wall_clock = wall_clock
        self.budget = budget  # None: every call and retry goes out (the policy alone decides)

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
                # Siblings that can all be in flight at once write together: one load per table per step.
                fits = self.steps_together and 1 < len(planned) <= self.max_parallel
                together = new_step(len(planned)) if fits else None
                call = partial(self._call, workflow=name, deadline_at=deadline_at, step=together)
                done = list(pool.map(call, planned))
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

    def _call(self, call: PlannedCall, workflow: str, deadline_at: float | None, step: str | None) -> CallResult:
        if call.blocked:
            return CallResult(call.scraper, call.params, "failed", AttemptFailure.SKIPPED, call.blocked)
        who = {"scraper": call.scraper, "workflow": workflow}
        upstream = SCRAPERS[call.scraper].source.name
        budget = self.budget
        if budget is not None:
            priority = self.config.workflows[workflow].priority
            refused = budget.admit_call(upstream, priority=priority, **who)
            if refused is not None:
                return CallResult(call.scraper, call.params, "failed", AttemptFailure.BUDGET, refused, gave_up=refused)
        try:
            with calling(step):
                outcome = self.retrier.call(
                    lambda timeout: self._attempt(call, timeout),
                    name=call.scraper,
                    deadline_at=deadline_at,
                    fields={**who, "params": call.params},
                    may_retry=None if budget is None else lambda: budget.admit_retry(upstream, **who),
                )
        except Exception as exc:  # our own bug: still a recorded failure with its cause, never a lost call
            logger.exception("executor error on %s", call.scraper, extra={"json_fields": {"event": "executor_error"}})
            return CallResult(call.scraper, call.params, "failed", AttemptFailure.INTERNAL, f"executor error: {exc!r}")
        last = outcome.last
        if budget is not None:
            _settle(budget, upstream, outcome, who)
        if last.ok:
            body = last.value or {}
            summary = body.get("data_summary")
            summary = summary if isinstance(summary, dict) else {}
            message = body.get("message") if body["status"] == "load_pending" else None
            status, attempts = body["status"], outcome.attempts
            run_id = body.get("run_id") if status == "load_pending" else None
            return CallResult(call.scraper, call.params, status, last.status, message, attempts, summary, run_id=run_id)
        return CallResult(
            call.scraper, call.params, "failed", last.status, last.error, outcome.attempts, gave_up=outcome.gave_up
        )

    def _attempt(self, call: PlannedCall, timeout_s: float) -> Attempt:
        if self.slots is None:
            return self.scrape(call.scraper, call.params, timeout_s)
        waited_from = time.monotonic()
        if not self.slots.acquire(timeout=timeout_s):
            error = f"no free executor slot within {timeout_s:.1f}s"
            return Attempt(ok=False, status=AttemptFailure.TIMEOUT, error=error, retriable=True, called=False)
        try:
            return self.scrape(call.scraper, call.params, max(0.05, timeout_s - (time.monotonic() - waited_from)))
        finally:
            self.slots.release()


def _settle(budget: UpstreamBudget, upstream: str, outcome: RetryOutcome, who: dict[str, str]) -> None:
    """A Retry-After past our deadline closes the upstream for everyone (its successes are the scrapes' to count:
    the scraper sees every answer, whoever called it)."""
    if (
        not outcome.last.ok
        and outcome.last.called  # a Retry-After from our own shedding service says nothing about the upstream
        and outcome.retry_after_s is not None
        and outcome.gave_up
        and outcome.gave_up.startswith("Retry-After")
    ):
        budget.cool_down(upstream, outcome.retry_after_s, f"{who['scraper']}: {outcome.gave_up}", **who)


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
