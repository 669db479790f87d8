"""`python -m bench` (`make bench`): the six benchmarks in turn, then their summary lines together."""

from __future__ import annotations

import sys
import time

from bench import analytics, breaker, fanout, freshness, players, replay, resilience
from bench.harness import SUMMARIES, table


def main() -> int:
    started = time.perf_counter()
    for module in (resilience, fanout, analytics, freshness, breaker, replay, players):
        print(f"\n=== {module.__name__} ===", flush=True)
        module.main([])
    print(f"\n=== summary ({time.perf_counter() - started:.0f} s) ===")
    rows = [(name, text, baseline, "PASS" if ok else "MISSED") for name, text, baseline, ok in SUMMARIES]
    print(table(("benchmark", "goal: measured", "baseline (same run)", "verdict"), rows))
    failed = sum(not ok for *_, ok in SUMMARIES)
    print(f"bench: {len(SUMMARIES) - failed}/{len(SUMMARIES)} checks PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
