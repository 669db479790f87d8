"""Fan-out: 30 per-team espn_roster scrapes with 100 ms upstream latency, our parallel step vs the same run one at a
time, over the real HTTP path (`python -m bench.fanout`)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import child_pids, fresh_warehouse, peak_rss_mib, reset_peak_rss, standin, summary, table
from bench.stack import scrapers_stack, workflows
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.executor import Executor
from shared.resilience.policy import RetryPolicy

WORKFLOW = "bench_rosters"
STEP = 32  # a step of 30 calls, all in flight at once
CALLS = [{"scraper": "espn_roster", "for_each": {"team": "teams"}, "params": {"team": "{team}"}}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--repeats", type=int, default=2, help="runs of each mode, alternated")
    parser.add_argument("--latency", type=float, default=0.1, help="upstream latency per request, seconds")
    parser.add_argument("--quick", action="store_true", help="one run of each mode")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else args.repeats
    with standin() as bq, tempfile.TemporaryDirectory() as tmp:
        settings, warehouse = fresh_warehouse(bq)
        standin_pid = child_pids()
        for pid in (None, *standin_pid):
            reset_peak_rss(pid)
        with scrapers_stack(settings, warehouse, Path(tmp)) as stack:
            config = workflows(WORKFLOW, CALLS)
            client = ScrapeClient(stack.url, pool_size=STEP)
            policy = RetryPolicy.from_settings(stack.settings)
            # The whole step in flight at once, so its 30 siblings write together (one load + MERGE).
            modes = {"ours (parallel step)": STEP, "old (parallel 16, no step)": 16, "sequential": 1, "seq, 0 ms": 1}
            times: dict[str, list[float]] = {m: [] for m in modes}
            loads: dict[str, list[int]] = {m: [] for m in modes}
            failed = 0
            Executor(config, client.scrape, policy, max_parallel=STEP).run(WORKFLOW, stack.day)  # warm-up, untimed
            for _ in range(repeats):
                for mode, parallel in modes.items():
                    stack.upstream.set_faults({"seed": 1, "latency_s": 0.0 if "0 ms" in mode else args.latency})
                    executor = Executor(config, client.scrape, policy, max_parallel=parallel, rng=random.Random(1))
                    executor.steps_together = "no step" not in mode
                    warehouse.calls.clear()
                    started = time.perf_counter()
                    result = executor.run(WORKFLOW, stack.day)
                    times[mode].append(time.perf_counter() - started)
                    loads[mode].append(warehouse.calls["load"])
                    failed += result.count("failed")
        memory = [("bench process (scrapers app and executor; the upstream stand-in runs apart)", peak_rss_mib())]
        memory += [(f"BigQuery stand-in (pid {pid})", peak_rss_mib(pid)) for pid in standin_pid]
    return report(args, modes, times, loads, failed, memory)


def report(args: Any, modes: dict, times: dict, loads: dict, failed: int, memory: list[tuple[str, float]]) -> int:
    ours, old, seq, floor = (statistics.fmean(times[m]) for m in modes)
    rows = [
        [m, 30, p, f"{statistics.fmean(times[m]):.2f}", f"{min(times[m]):.2f}", max(loads[m])] for m, p in modes.items()
    ]
    print(f"30 espn_roster scrapes in one step, {args.latency * 1000:.0f} ms upstream latency:")
    print(table(("mode", "scrapes", "max_parallel", "mean_s", "best_s", "loads_per_step"), rows))
    print(f"sequential writes alone: {floor:.2f}s for 30 scrapes without latency")
    for name, mib in memory:
        print(f"peak RSS {name}: {mib:.0f} MiB")
    ok = summary(
        "fanout",
        [
            (seq / ours >= 10, f"parallel {seq / ours:.1f}x faster than sequential (>= 10x; old {seq / old:.1f}x)"),
            (max(loads[next(iter(modes))]) == 1, f"{max(loads[next(iter(modes))])} load per step (goal 1)"),
            (memory[0][1] < 512, f"peak RSS {memory[0][1]:.0f} MiB (< 512)"),
            (failed == 0, f"{failed} failed"),
        ],
        baseline=f"old {seq / old:.1f}x, {max(loads['old (parallel 16, no step)'])} loads per step",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
