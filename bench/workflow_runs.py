"""Run one benchmark workflow many times per retry policy through the real executor and aggregate the results."""

from __future__ import annotations

import random
import statistics
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bench.baselines import legacy, no_retry, scaled
from bench.harness import percentile
from bench.stack import Stack
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.config import WorkflowsFile
from services.scrapers.workflows.executor import Executor
from services.scrapers.workflows.outcome import ExecutionResult
from shared.resilience.policy import RetryPolicy


def compressed(policy: RetryPolicy, factor: float) -> RetryPolicy:
    """`policy` with every wait (Retry-After included) and its deadline multiplied by `factor`."""
    deadline = None if policy.deadline_s is None else policy.deadline_s * factor
    return replace(scaled(policy, factor), deadline_s=deadline)


def three_policies(ours: RetryPolicy, factor: float) -> list[RetryPolicy]:
    """No retry, the old system's and ours, on the same machinery, compressed by the same factor."""
    timeout = ours.attempt_timeout_s
    return [compressed(p, factor) for p in (no_retry(timeout), legacy(timeout), ours)]


@dataclass
class PolicyRuns:
    """Every run of one policy against its own stack."""

    policy: RetryPolicy
    stack: Stack
    config: WorkflowsFile
    max_parallel: int = 8
    results: list[ExecutionResult] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.client = ScrapeClient(self.stack.url, pool_size=32)

    def run_one(self, workflow: str, day: date, seed: int) -> None:
        executor = Executor(
            self.config, self.client.scrape, self.policy, max_parallel=self.max_parallel, rng=random.Random(seed)
        )
        result = executor.run(workflow, day)
        with self._lock:
            self.results.append(result)

    def row(self) -> dict[str, Any]:
        """The aggregate the tables print."""
        runs = self.results
        calls = [c for r in runs for c in r.calls]
        stats = self.stack.upstream.stats()
        upstream, faults = stats["requests_total"], stats["faults_total"]
        durations = [r.duration_s for r in runs]
        return {
            "policy": self.policy.name,
            "runs": len(runs),
            "wf_failed_pct": 100 * sum(r.status != "succeeded" for r in runs) / max(1, len(runs)),
            "calls": len(calls),
            "call_failed_pct": 100 * sum(c.status == "failed" for c in calls) / max(1, len(calls)),
            "mean_s": statistics.fmean(durations) if durations else 0.0,
            "p95_s": percentile(durations, 95),
            "attempts_per_call": sum(c.attempts for c in calls) / max(1, len(calls)),
            "upstream_per_call": upstream / max(1, len(calls)),
            # Requests beyond one answered request per call and one per injected fault: hedges that lost a race
            # both requests of which were answered, re-fetches of a page already fetched.
            "spare_per_call": (upstream - faults - sum(c.status != "failed" for c in calls)) / max(1, len(calls)),
            "gave_up": sum(c.gave_up is not None for c in calls),
        }

    def causes(self, limit: int = 3) -> list[str]:
        """The most common reasons calls failed, e.g. `bdl_injuries 503 after 6 attempts x2`."""
        seen: dict[str, int] = {}
        for call in (c for r in self.results for c in r.calls if c.status == "failed"):
            why = f"{call.scraper} {call.http_status} after {call.attempts} attempt(s)"
            why += f" ({call.gave_up})" if call.gave_up else ""
            seen[why] = seen.get(why, 0) + 1
        ranked = sorted(seen.items(), key=lambda kv: -kv[1])[:limit]
        return [f"{why} x{n}" for why, n in ranked]


def interleaved(groups: Sequence[PolicyRuns], workflow: str, day: date, runs: int, concurrency: int) -> None:
    """Run `runs` workflows per policy, policies interleaved on one pool so they share the machine's load alike."""
    tasks = [(g, i) for i in range(runs) for g in groups]
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="bench-wf") as pool:
        list(pool.map(lambda task: task[0].run_one(workflow, day, task[1]), tasks))
