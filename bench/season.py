"""Seconds per simulated day, and whether a day gets slower as history grows: N consecutive days from opening night
on a fresh soak stack (`python -m bench.season --days 60 [--profile hostile]`). Goal: the last 10 days cost at most
1.2x the first 10; 0 rows lost or duplicated; no day over a platform limit."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench.harness import summary, table
from local.days import DayReport
from local.playing import DayOptions, local_days, play
from local.processes import free_port
from local.stack import Stack
from local.stack_members import DEFAULT_PORTS, SOAK_ENV

GROWTH_GOAL = 1.2
SEASON_DAYS = 174
WINDOW = 10


def growth(walls: list[float], window: int = WINDOW) -> float:
    """Mean wall time of the last `window` days over the first `window` (1.0: no day got slower)."""
    if len(walls) < 2 * window:
        window = max(1, len(walls) // 2)
    return statistics.mean(walls[-window:]) / statistics.mean(walls[:window])


def _where_time_goes(reports: list[DayReport]) -> list[tuple[str, float]]:
    """Mean seconds a day in the workflow runs' own durations against the whole day's wall time."""
    runs = statistics.mean(sum(e["duration_s"] for e in r.result.executions) for r in reports)
    walls = statistics.mean(r.wall_s for r in reports)
    return [("workflow runs (executor)", runs), ("ticks, checks, conservation, limits", walls - runs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.season", description=__doc__)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--profile", default="mild")
    parser.add_argument("--quick", action="store_true", help="20 days")
    args = parser.parse_args(argv)
    days = 20 if args.quick else args.days
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(Path(tmp), ports={name: free_port() for name in DEFAULT_PORTS}, env=SOAK_ENV)
        local = local_days(stack)
        if local is None:
            return 1
        try:
            reports = play(local, DayOptions(None, days, args.profile), detail=False)
        finally:
            stack.down(report=lambda line: None)
    walls = [r.wall_s for r in reports]
    lost = sum(len(r.conservation.differences) for r in reports if r.conservation)
    over = sum(len(r.limits.over) for r in reports if r.limits)
    ratio = growth(walls)
    print(table(("where a day's time goes", "s a day"), _where_time_goes(reports)))
    per_day = statistics.mean(walls)
    checks = [
        (ratio <= GROWTH_GOAL, f"last {WINDOW} days / first {WINDOW} <= {GROWTH_GOAL}x: {ratio:.2f}x"),
        (lost == 0, f"rows or players lost or duplicated: {lost}"),
        (over == 0, f"days over a platform limit: {over}"),
    ]
    season_min = per_day * SEASON_DAYS / 60
    baseline = f"{per_day:.1f} s a simulated day ({args.profile}); a {SEASON_DAYS}-day season ~{season_min:.0f} min"
    return 0 if summary("season", checks, baseline) else 1


if __name__ == "__main__":
    sys.exit(main())
