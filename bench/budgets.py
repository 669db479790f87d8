"""Upstream budgets vs today's policy, side by side in one run (`python -m bench.budgets [--runs 200]`):
standard faults (failure rate), one upstream hard down (upstream calls per scraper call), Odds API out of credits;
then two and four instances racing on the last credits and on the retry tokens (`--race-only`: just the races)."""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.budget_race import RACE_COLUMNS, TOKENS, credit_race, token_race
from bench.harness import fresh_warehouse, standin, summary, table
from bench.resilience import four_calls
from bench.stack import scrapers_stack, workflows
from bench.upstream import upstream_process
from bench.workflow_runs import PolicyRuns, compressed, interleaved
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.workflows.executor import Executor
from shared.orchestration import upstream_budget
from shared.resilience.policy import RetryPolicy

COLUMNS = ("policy", "runs", "wf_failed_pct", "calls", "upstream_per_call", "target_calls", "target_per_call",
           "retries_skipped", "short_circuits")  # fmt: skip


@dataclass
class BudgetRuns(PolicyRuns):
    """The runs of one side: today's (no budget) or ours (the scrapers app's own budget in the executor too)."""

    label: str = ""
    budget: UpstreamBudget | None = None
    target: str = "espn"  # the stand-in upstream whose calls per scraper call are judged

    def run_one(self, workflow: str, day: date, seed: int) -> None:
        executor = Executor(self.config, self.client.scrape, self.policy, max_parallel=self.max_parallel,
                            rng=random.Random(seed), budget=self.budget)  # fmt: skip
        result = executor.run(workflow, day)
        with self._lock:
            self.results.append(result)

    def budget_row(self, target_scrapers: tuple[str, ...]) -> dict[str, Any]:
        """PolicyRuns' aggregate plus the target upstream's calls and the budget's skips."""
        base = super().row()
        calls = [c for r in self.results for c in r.calls if c.scraper in target_scrapers]
        target = self.stack.upstream.stats()["requests_by_upstream"].get(self.target, 0)
        skipped = sum(1 for r in self.results for c in r.calls if c.gave_up and "retry budget" in c.gave_up)
        short = sum(1 for r in self.results for c in r.calls if c.http_status in ("budget", 502, 503) and
                    c.message and ("until" in c.message or "daily credit" in c.message))  # fmt: skip
        return {**base, "policy": self.label, "target_calls": len(calls), "retries_skipped": skipped,
                "target_per_call": target / max(1, len(calls)), "short_circuits": short}  # fmt: skip


def run_profile(sides: list[BudgetRuns], faults: dict, calls: list[dict], runs: int, concurrency: int,
                scrapers: tuple[str, ...], title: str) -> list[dict[str, Any]]:  # fmt: skip
    """Every side runs `runs` times the one-step workflow of `calls` under `faults`; one table printed."""
    name = f"bench_{abs(hash(title)) % 10_000}"
    for side in sides:
        side.stack.upstream.set_faults(faults)
        side.stack.upstream.reset()
        side.results, side.config = [], workflows(name, calls)
    interleaved(sides, name, sides[0].stack.day, runs, concurrency)
    rows = [s.budget_row(scrapers) for s in sides]
    print(title)
    print(table(COLUMNS, [[r[c] for c in COLUMNS] for r in rows]), flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.budgets", description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="workflow runs per side and profile")
    parser.add_argument("--scale", type=float, default=0.1, help="time factor for waits, timeouts and slow faults")
    parser.add_argument("--quota-runs", type=int, default=20, help="runs per side of the quota profile")
    parser.add_argument("--quick", action="store_true", help="60 runs, 5 quota runs (for iterating)")
    parser.add_argument("--race-only", action="store_true", help="only the races of two and four instances")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.quota_runs = 60, 5
    started = time.perf_counter()
    races = run_races()
    ok = True if args.race_only else policies(args)
    print(f"total {time.perf_counter() - started:.0f} s", flush=True)
    return 0 if race_verdict(races) and ok else 1


def run_races() -> list[dict[str, Any]]:
    """Two and four instances racing on the Odds API's last credits, then on a dead ESPN's retry tokens."""
    with tempfile.TemporaryDirectory() as tmp, standin() as bigquery, upstream_process(Path(tmp)) as upstream:
        rows = [race(bigquery, upstream, n, Path(tmp)) for race in (credit_race, token_race) for n in (2, 4)]
    print(
        "instances racing (after_zero: Odds API requests after an answer said 0 remaining; charged: the stand-in's "
        "credits; recorded: the budget's (before: the x-requests-last summed); unsure: credits of requests never "
        "answered, held; max_used: highest x-requests-used recorded; retries: granted, 8 tokens):"
    )
    print(table(RACE_COLUMNS, [[r[c] for c in RACE_COLUMNS] for r in rows]), flush=True)
    return rows


def race_verdict(rows: list[dict[str, Any]]) -> bool:
    credits = [r for r in rows if r["race"] == "credits"]
    tokens = {r["instances"]: r["retries"] for r in rows if r["race"] == "tokens"}
    return summary(
        "budgets (races)",
        [
            (all(r["after_zero"] == 0 for r in credits), "Odds API requests after 0 remaining: "
             + ", ".join(f"{r['after_zero']} ({r['instances']} instances)" for r in credits) + " (= 0)"),
            (all(r["recorded"] <= r["charged"] <= r["recorded"] + r["unsure"] for r in credits),
             "credits recorded vs charged: " + ", ".join(f"{r['recorded']}/{r['charged']} ({r['unsure']} unsure)"
             for r in credits) + " (equal, or short by at most the unsure: answers that never came)"),
            (all(t <= n * TOKENS for n, t in tokens.items()), "retries granted on a dead upstream: "
             + ", ".join(f"{t} ({n} instances)" for n, t in tokens.items()) + f" (<= {TOKENS} per instance)"),
        ],
    )  # fmt: skip


def policies(args: argparse.Namespace) -> bool:
    """Today's policy vs budgets under the standard, outage and quota profiles (one instance each)."""
    f = args.scale
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stacks:
        sides = []
        for label, enabled in (("today", False), ("budgets", True)):
            settings, warehouse = fresh_warehouse(stacks.enter_context(standin()), upstream_timeout_s=10 * f)
            stack = stacks.enter_context(scrapers_stack(settings, warehouse, Path(tmp), light=True,
                                                        budget_enabled=enabled))  # fmt: skip
            policy = compressed(RetryPolicy.from_settings(stack.settings), f)
            budget = stack_budget(stack) if enabled else None
            sides.append(BudgetRuns(policy, stack, workflows("x", four_calls(stack.day)), label=label, budget=budget))
        day = sides[0].stack.day
        print(f"today's policy (7 attempts, no budget) vs budgets, {args.runs} runs each, time x{f:g}", flush=True)
        standard_faults = {"profile": "standard", "seed": 11, "slow_s": 12 * f}
        standard = run_profile(sides, standard_faults, four_calls(day), args.runs, 6, ("espn_roster",),
                               "standard profile (4 scrapers, ~30% faults):")  # fmt: skip
        outage = run_profile(sides, {"profile": "outage", "seed": 11}, four_calls(day), args.runs, 6,
                             ("espn_roster",), "outage profile (ESPN answers only 5xx; target = ESPN):")  # fmt: skip
        for side in sides:
            side.target = "odds_api"
        odds = [{"scraper": "oddsa_player_props", "params": {"event_id": "bench-event", "date": day.isoformat()}}]
        quota = run_profile(sides, {"profile": "quota", "seed": 11}, odds, args.quota_runs, 1, ("oddsa_player_props",),
                            "quota profile (Odds API 401 out of credits; target = Odds API):")  # fmt: skip
        print_facts(sides[1])
    return verdict(standard, outage, quota)


def stack_budget(stack: Any) -> UpstreamBudget:
    """The budget the scrapers app under test built for itself (the executor shares it, as in the service)."""
    budget = stack.app.extensions["upstream_budget"]
    assert isinstance(budget, UpstreamBudget)
    return budget


def print_facts(side: BudgetRuns) -> None:
    """What the shared budget table recorded, per upstream and kind."""
    rows = upstream_budget.summary_since(side.stack.warehouse, side.results[0].started_at.replace(year=2000))
    print("budget facts recorded (nba_orchestration.upstream_budget_events):")
    print(table(("upstream", "kind", "events"), [[r["upstream"], r["kind"], r["events"]] for r in rows]))


def verdict(standard: list[dict], outage: list[dict], quota: list[dict]) -> bool:
    today, ours = standard
    o_today, o_ours = outage
    q_today, q_ours = quota
    after_today = q_today["target_calls"] and (q_today["target_per_call"] * q_today["target_calls"] - 1)
    after_ours = q_ours["target_per_call"] * q_ours["target_calls"] - 1
    return summary(
        "budgets",
        [
            (ours["wf_failed_pct"] <= 1.0, f"standard: {ours['wf_failed_pct']:.1f}% failed workflows (today "
             f"{today['wf_failed_pct']:.1f}%, <= 1%)"),
            (o_ours["target_per_call"] <= 1.3, f"outage: {o_ours['target_per_call']:.2f} ESPN calls per ESPN scraper "
             f"call (today {o_today['target_per_call']:.2f}, <= 1.3)"),
            (after_ours == 0, f"quota: {after_ours:.0f} Odds API calls after exhaustion (today {after_today:.0f} "
             f"in {q_today['target_calls']} calls)"),
        ],
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
