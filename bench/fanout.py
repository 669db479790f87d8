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

from bench.harness import fresh_warehouse, standin, summary, table
from bench.stack import scrapers_stack, workflows
from services.scrapers.workflows.client import ScrapeClient
from services.scrapers.workflows.executor import Executor
from shared.resilience.policy import RetryPolicy

WORKFLOW = "bench_rosters"
CALLS = [{"scraper": "espn_roster", "for_each": {"team": "teams"}, "params": {"team": "{team}"}}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--repeats", type=int, default=2, help="runs of each mode, alternated")
    parser.add_argument("--latency", type=float, default=0.1, help="upstream latency per request, seconds")
    args = parser.parse_args(argv)
    with standin() as bq, tempfile.TemporaryDirectory() as tmp:
        settings, warehouse = fresh_warehouse(bq)
        with scrapers_stack(settings, warehouse, Path(tmp)) as stack:
            stack.upstream.set_faults({"seed": 1, "latency_s": args.latency})
            config = workflows(WORKFLOW, CALLS)
            client = ScrapeClient(stack.url, pool_size=32)
            policy = RetryPolicy.from_settings(stack.settings)
            modes = {"ours (parallel step)": stack.settings.executor_max_parallel, "sequential": 1, "seq, 0 ms": 1}
            times: dict[str, list[float]] = {m: [] for m in modes}
            loads: dict[str, list[int]] = {m: [] for m in modes}
            failed = 0
            for _ in range(args.repeats):
                for mode, parallel in modes.items():
                    stack.upstream.set_faults({"seed": 1, "latency_s": 0.0 if "0 ms" in mode else args.latency})
                    executor = Executor(config, client.scrape, policy, max_parallel=parallel, rng=random.Random(1))
                    warehouse.calls.clear()
                    started = time.perf_counter()
                    result = executor.run(WORKFLOW, stack.day)
                    times[mode].append(time.perf_counter() - started)
                    loads[mode].append(warehouse.calls["load"])
                    failed += result.count("failed")
    ours, seq, floor = (statistics.fmean(times[m]) for m in modes)
    rows = [
        [m, len(CALLS) * 30, p, f"{statistics.fmean(times[m]):.2f}", f"{min(times[m]):.2f}", loads[m][-1]]
        for m, p in modes.items()
    ]
    print(f"30 espn_roster scrapes per run, {args.latency * 1000:.0f} ms upstream latency, {args.repeats} runs each:")
    print(table(("mode", "scrapes", "max_parallel", "mean_s", "best_s", "loads"), rows))
    # Sequential with no upstream latency is the /scrape work alone, mostly 30 loads + MERGEs one at a time; the
    # parallel step beats it only because concurrent scrapes into one table share a load + MERGE (group commit).
    print(
        f"sequential writes: {floor:.2f}s for 30 scrapes without latency; parallel shares them "
        f"({loads[next(iter(modes))][-1]} loads instead of 30)"
    )
    ok = summary(
        "fanout",
        [
            (seq / ours >= 5, f"parallel {seq / ours:.1f}x faster than sequential (>= 5x)"),
            (ours < floor, f"parallel {ours:.2f}s vs {floor:.2f}s for the sequential writes alone"),
            (failed == 0, f"{failed} failed"),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
