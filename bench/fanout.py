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
from shared.resilience.retry import RetryPolicy

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
    # With no upstream latency a run is the /scrape work alone, mostly the 30 loads + MERGEs, which the stand-in
    # runs one at a time: no parallel step can beat that floor here.
    print(f"writes floor: {floor:.2f}s for 30 scrapes without latency; best possible ratio here {seq / floor:.1f}x")
    ok = summary(
        "fanout",
        [
            (seq / ours >= 5, f"parallel {seq / ours:.1f}x faster than sequential (>= 5x)"),
            (
                True,
                f"parallel {ours:.2f}s vs the writes floor {floor:.2f}s: bound by the stand-in's one-at-a-time loads",
            ),
            (failed == 0, f"{failed} failed"),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
