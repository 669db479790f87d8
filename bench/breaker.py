"""Circuit breaker cost: warehouse queries per processor run while closed, and runs from upstream data arriving to
the circuit closing (`python -m bench.breaker`)."""

from __future__ import annotations

import argparse
import sys

from bench.analytics import breaker, measure, show_circuit_logs
from bench.analytics_season import START, load, season
from bench.harness import fresh_warehouse, standin, summary
from services.analytics.backfill import run_processors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.breaker", description=__doc__)
    parser.add_argument("--days", type=int, default=10, help="game days in the synthetic stretch")
    parser.add_argument("--quick", action="store_true", help="a 3-day stretch")
    args = parser.parse_args(argv)
    args.days = 3 if args.quick else args.days
    show_circuit_logs()
    with standin() as url:
        # A processor run (registry pass included) takes seconds on the stand-in: a 30 s cache stays warm between runs.
        settings, warehouse = fresh_warehouse(url, breaker_cache_s=30)
        load(warehouse, season(args.days))
        # Players resolved once first: each run below finds them as they were and skips resolution alike.
        run_processors(warehouse, START, START, ["player_game_summary"])
        print("the processor alone (no breaker):")
        _, bare_calls = measure(
            warehouse, "summary, 1 day", lambda: run_processors(warehouse, START, START, ["player_game_summary"])
        )
        got = breaker(warehouse, settings, args.days)
    # Loads (a load job + MERGE each) depend on what is new in the registry, not on the breaker: left out.
    bare, cold, warm = (c.get("query", 0) - c.get("load", 0) for c in (bare_calls, got["cold"], got["warm"]))
    ok = summary(
        "breaker",
        [
            (warm == bare, f"closed run: {warm} statements, warm cache = {bare} without the breaker; {cold} cold"),
            (got["opened"] == "open", f"circuit {got['opened']} after {settings.breaker_threshold} failures"),
            (
                got["next_run"] == "processed" and got["after"] == "closed",
                f"data arrives → next run {got['next_run']}, circuit {got['after']} (1 run)",
            ),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
