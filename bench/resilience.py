"""Resilience under upstream faults: no retry vs the old policy vs ours, over the real HTTP path, in one run
(`python -m bench.resilience [--runs 200]`)."""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.baselines import POLICY_NAMES
from bench.harness import fresh_warehouse, standin, summary, table
from bench.stack import scrapers_stack, workflows
from bench.workflow_runs import PolicyRuns, interleaved, three_policies
from shared.resilience.policy import RetryPolicy

WORKFLOW = "bench_four"
QUOTA_WORKFLOW = "bench_quota"
COLUMNS = (
    *("policy", "runs", "wf_failed_pct", "calls", "call_failed_pct", "mean_s", "p95_s"),
    *("attempts_per_call", "upstream_per_call", "gave_up"),
)


def four_calls(day: Any) -> list[dict[str, Any]]:
    """Four light scrapers on three upstreams: one page each, a few dozen rows to load."""
    return [
        {"scraper": "bdl_injuries"},
        {"scraper": "nbac_referee_assignments", "params": {"date": day.isoformat()}},
        {"scraper": "espn_roster", "params": {"team": "BOS"}},
        {"scraper": "bdl_box_scores", "params": {"date": (day - timedelta(days=1)).isoformat()}},
    ]


def quota_calls(day: Any) -> list[dict[str, Any]]:
    """The Odds API out of credits (401), ESPN answering 429 with a Retry-After far past the deadline."""
    return [
        {"scraper": "oddsa_events", "params": {"date": day.isoformat()}},
        {"scraper": "espn_roster", "params": {"team": "BOS"}},
    ]


def print_rows(title: str, rows: list[dict[str, Any]]) -> None:
    print(title)
    print(table(COLUMNS, [[r[c] for c in COLUMNS] for r in rows]), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.resilience", description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="workflow runs per policy")
    parser.add_argument("--scale", type=float, default=0.1, help="time factor for waits, timeouts and slow faults")
    parser.add_argument("--concurrency", type=int, default=6, help="workflows in flight (all policies together)")
    parser.add_argument("--game-day", action="store_true", help="scrape a game day (4 loads per run) not the off day")
    parser.add_argument("--quota-runs", type=int, default=10, help="runs per policy of the quota profile")
    args = parser.parse_args(argv)
    f = args.scale
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stacks:
        groups = []
        for name in POLICY_NAMES:  # each policy its own warehouse stand-in: 2 cores, not 1
            settings, warehouse = fresh_warehouse(stacks.enter_context(standin()), upstream_timeout_s=10 * f)
            stack = stacks.enter_context(scrapers_stack(settings, warehouse, Path(tmp), light=not args.game_day))
            config = workflows(WORKFLOW, four_calls(stack.day))
            ours = RetryPolicy.from_settings(stack.settings)
            policy = next(p for p in three_policies(ours, f) if p.name == name)
            groups.append(PolicyRuns(policy, stack, config))
        faults = {"profile": "standard", "seed": 11, "slow_s": 12 * f}
        for g in groups:
            g.stack.upstream.set_faults(faults)
            g.stack.upstream.reset()
        day = groups[0].stack.day
        print(
            f"{args.runs} runs x 3 policies of a 4-scraper workflow (bdl_injuries, nbac_referee_assignments, "
            f"espn_roster, bdl_box_scores) on {day} ({'game day' if args.game_day else 'off day: fewer loads'}); "
            "standard faults (8% 429, 8% 5xx, 7% slow, 7% reset); "
            f"time x{f:g}: upstream timeout {10 * f:g}s, slow {12 * f:g}s, waits and Retry-After x{f:g}",
            flush=True,
        )
        interleaved(groups, WORKFLOW, day, args.runs, args.concurrency)
        standard = [g.row() for g in groups]
        print_rows("standard profile:", standard)
        for g in groups[1:]:
            print(f"  {g.policy.name} failed calls: {'; '.join(g.causes()) or 'none'}")
        quota = quota_profile(groups, day, args.quota_runs, f)
    elapsed = time.perf_counter() - started
    print(f"total {elapsed:.0f} s", flush=True)
    return 0 if verdict(standard, quota, elapsed) else 1


def quota_profile(groups: list[PolicyRuns], day: Any, runs: int, f: float) -> list[dict[str, Any]]:
    faults = {"profile": "quota", "seed": 11, "upstreams": {"espn": {"rate_429": 1.0, "retry_after_s": 3600}}}
    quota_groups = []
    for g in groups:
        g.stack.upstream.set_faults(faults)
        g.stack.upstream.reset()
        quota_groups.append(PolicyRuns(g.policy, g.stack, workflows(QUOTA_WORKFLOW, quota_calls(day))))
    interleaved(quota_groups, QUOTA_WORKFLOW, day, runs, 3)
    rows = [g.row() for g in quota_groups]
    print_rows(f"quota profile (Odds API 401 out of credits; ESPN 429 Retry-After 3600 s x{f:g}):", rows)
    return rows


def verdict(standard: list[dict[str, Any]], quota: list[dict[str, Any]], elapsed: float) -> bool:
    by = {r["policy"]: r for r in standard}
    ours, old = by["ours"], by["legacy"]
    q = {r["policy"]: r for r in quota}["ours"]
    return summary(
        "resilience",
        [
            (ours["wf_failed_pct"] <= 1.0, f"ours {ours['wf_failed_pct']:.1f}% failed workflows (<= 1%)"),
            (True, f"old {old['wf_failed_pct']:.1f}%, no retry {by['no_retry']['wf_failed_pct']:.1f}%"),
            (  # p95 is shown, not judged: ours keeps retrying the calls the old policy gives up on
                ours["mean_s"] <= old["mean_s"],
                f"mean wall {ours['mean_s']:.2f}s vs old {old['mean_s']:.2f}s "
                f"(p95 {ours['p95_s']:.2f}s vs {old['p95_s']:.2f}s)",
            ),
            (ours["upstream_per_call"] <= 1.5, f"{ours['upstream_per_call']:.2f} upstream calls/scraper call (<= 1.5)"),
            (
                q["attempts_per_call"] == 1.0 and q["upstream_per_call"] == 1.0,
                f"quota: ours {q['attempts_per_call']:.1f} attempts/call, {q['gave_up']} gave up, {q['mean_s']:.2f}s",
            ),
            (elapsed < 180, f"{elapsed:.0f}s total"),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
