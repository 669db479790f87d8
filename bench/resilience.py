"""Resilience under upstream faults: no retry vs the old policy vs ours, over the real HTTP path, in one run
(`python -m bench.resilience [--quick | --runs 200 --rounds 2]`)."""

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
SEED = 11  # round n uses fault seed SEED + n
COLUMNS = (
    *("policy", "runs", "wf_failed_pct", "calls", "call_failed_pct", "mean_s", "p95_s"),
    *("attempts_per_call", "upstream_per_call", "spare_per_call", "gave_up"),
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
    parser.add_argument("--runs", type=int, default=200, help="workflow runs per policy and round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of --runs, each with its own fault seed")
    parser.add_argument("--quick", action="store_true", help="one round of 60 runs, 5 quota runs (for iterating)")
    parser.add_argument("--scale", type=float, default=0.1, help="time factor for waits, timeouts and slow faults")
    parser.add_argument("--concurrency", type=int, default=6, help="workflows in flight (all policies together)")
    parser.add_argument("--game-day", action="store_true", help="scrape a game day (4 loads per run) not the off day")
    parser.add_argument("--quota-runs", type=int, default=10, help="runs per policy of the quota profile")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.rounds, args.quota_runs = 60, 1, 5
    f = args.scale
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stacks:
        groups = [policy_runs(name, f, stacks, Path(tmp), args.game_day) for name in POLICY_NAMES]
        day = groups[0].stack.day
        print(
            f"{args.rounds} x {args.runs} runs x 3 policies of a 4-scraper workflow (bdl_injuries, "
            f"nbac_referee_assignments, espn_roster, bdl_box_scores) on {day} "
            f"({'game day' if args.game_day else 'off day: fewer loads'}); standard faults (8% 429, 8% 5xx, 7% slow, "
            f"7% reset); time x{f:g}: upstream timeout {10 * f:g}s, slow {12 * f:g}s, waits and Retry-After x{f:g}; "
            "the baselines fetch each page once (the old scrape); ours retries a page's 5xx/timeout/reset in it "
            f"and races a page unanswered after {5.0 * f:g}s with a second request",
            flush=True,
        )
        rounds = [standard_round(groups, day, SEED + n, args) for n in range(args.rounds)]
        quota = quota_profile(groups, day, args.quota_runs, f)
    elapsed = time.perf_counter() - started
    print(f"total {elapsed:.0f} s", flush=True)
    return 0 if verdict(rounds, quota) else 1


def policy_runs(name: str, f: float, stacks: contextlib.ExitStack, tmp: Path, game_day: bool) -> PolicyRuns:
    """One policy on its own warehouse stand-in (2 cores, not 1) and scrapers service; the baselines' scrapers
    fetch each page once, as the old scrape did (no page retry, no hedge)."""
    page = {"upstream_page_retry_base_s": 0.25 * f, "upstream_hedge_after_s": 5.0 * f}
    if name != "ours":
        page |= {"upstream_page_attempts": 1, "upstream_hedge_after_s": 0.0}
    settings, warehouse = fresh_warehouse(stacks.enter_context(standin()), upstream_timeout_s=10 * f, **page)
    stack = stacks.enter_context(scrapers_stack(settings, warehouse, tmp, light=not game_day))
    policy = next(p for p in three_policies(RetryPolicy.from_settings(stack.settings), f) if p.name == name)
    return PolicyRuns(policy, stack, workflows(WORKFLOW, four_calls(stack.day)))


def standard_round(groups: list[PolicyRuns], day: Any, seed: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """`args.runs` runs per policy under the standard profile with fault seed `seed`; the rows it prints."""
    for g in groups:
        g.results.clear()
        g.stack.upstream.set_faults({"profile": "standard", "seed": seed, "slow_s": 12 * args.scale})
        g.stack.upstream.reset()
    interleaved(groups, WORKFLOW, day, args.runs, args.concurrency)
    rows = [g.row() for g in groups]
    print_rows(f"standard profile, fault seed {seed}:", rows)
    for g in groups[1:]:
        print(f"  {g.policy.name} failed calls: {'; '.join(g.causes()) or 'none'}")
    return rows


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


def verdict(rounds: list[list[dict[str, Any]]], quota: list[dict[str, Any]]) -> bool:
    by = [{r["policy"]: r for r in rows} for rows in rounds]
    ours, old, none = ([b[name] for b in by] for name in ("ours", "legacy", "no_retry"))
    runs = sum(r["runs"] for r in ours)
    failed = sum(r["wf_failed_pct"] * r["runs"] for r in ours) / 100
    upstream = sum(r["upstream_per_call"] * r["calls"] for r in ours) / max(1, sum(r["calls"] for r in ours))
    q = {r["policy"]: r for r in quota}["ours"]
    return summary(
        "resilience",
        [
            (failed == 0, f"ours {100 * failed / max(1, runs):.1f}% failed workflows of {runs} (0.0%)"),
            (
                all(o["p95_s"] <= b["p95_s"] for o, b in zip(ours, old, strict=True)),
                "p95 wall <= old's every round: "
                + ", ".join(f"{o['p95_s']:.2f}s vs {b['p95_s']:.2f}s" for o, b in zip(ours, old, strict=True)),
            ),
            (upstream <= 1.45, f"{upstream:.3f} upstream calls/scraper call (<= 1.45)"),
            (
                # One attempt per call; the upstream budget short-circuits the exhausted Odds API (fewer than 1).
                q["attempts_per_call"] == 1.0 and q["upstream_per_call"] <= 1.0,
                f"quota: ours {q['attempts_per_call']:.1f} attempts/call, {q['upstream_per_call']:.2f} upstream "
                f"calls/call, {q['gave_up']} gave up, {q['mean_s']:.2f}s",
            ),
        ],
        baseline=", ".join(
            f"old {b['wf_failed_pct']:.1f}% failed, mean {b['mean_s']:.2f}s vs ours {o['mean_s']:.2f}s; "
            f"no retry {n['wf_failed_pct']:.1f}%"
            for o, b, n in zip(ours, old, none, strict=True)
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
