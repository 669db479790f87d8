"""`python -m bench` (`make bench`): the six benchmarks in turn, then their summary lines together."""

from __future__ import annotations

import sys
import time

from bench import analytics, breaker, fanout, freshness, players, resilience
from bench.harness import SUMMARIES


def main() -> int:
    started = time.perf_counter()
    for module in (resilience, fanout, analytics, freshness, breaker, players):
        print(f"\n=== {module.__name__} ===", flush=True)
        module.main([])
    print(f"\n=== summary ({time.perf_counter() - started:.0f} s) ===")
    for line, _ in SUMMARIES:
        print(line)
    failed = sum(not ok for _, ok in SUMMARIES)
    print(f"bench: {len(SUMMARIES) - failed}/{len(SUMMARIES)} PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
