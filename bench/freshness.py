"""Freshness: 20 checks in one combined round trip (ours) vs one query per check, same run, same warehouse
(`python -m bench.freshness`)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime

from bench.analytics_season import START, load, season
from bench.harness import fresh_warehouse, standin, summary, table
from services.freshness.config import CheckSpec
from services.freshness.probes import check_tables
from shared.schemas import TABLES

TIME_TYPES = ("TIMESTAMP", "DATE", "DATETIME")


def twenty_checks(count: int = 20) -> list[CheckSpec]:
    """One check per table on processed_at first, then other time columns, some with a filter or game days only."""
    pairs = [(t, "processed_at") for t, s in TABLES.items() if "processed_at" in s.columns]
    pairs += [
        (t, c)
        for t, s in TABLES.items()
        for c, f in s.columns.items()
        if f.field_type in TIME_TYPES and c != "processed_at"
    ]
    checks = []
    for n, (name, column) in enumerate(pairs[:count]):
        where = f"`{column}` IS NOT NULL" if n % 3 == 1 else None
        checks.append(CheckSpec(table=name, column=column, warn_after=12, error_after=24, filter=where,
                                game_days_only=n % 4 == 0))  # fmt: skip
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.freshness", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each mode, alternated")
    parser.add_argument("--quick", action="store_true", help="2 runs of each mode")
    args = parser.parse_args(argv)
    args.repeats = 2 if args.quick else args.repeats
    checks = twenty_checks()
    now = datetime.combine(START, datetime.min.time(), UTC).replace(hour=20)
    with standin() as url:
        _, warehouse = fresh_warehouse(url)
        load(warehouse, season(10))
        times: dict[str, list[float]] = {"combined": [], "per_check": []}
        trips: dict[str, int] = {}
        verdicts: dict[str, list[str]] = {}
        for _ in range(args.repeats):
            for mode in times:
                warehouse.calls.clear()
                started = time.perf_counter()
                results, _ = check_tables(warehouse, checks, now=now, mode=mode)  # type: ignore[arg-type]
                times[mode].append(time.perf_counter() - started)
                trips[mode] = sum(warehouse.calls.values())
                verdicts[mode] = [str(r.verdict) for r in results]
    rows = [[m, len(checks), trips[m], statistics.fmean(t), min(t)] for m, t in times.items()]
    print(f"{len(checks)} freshness checks over {len({c.table for c in checks})} tables, {args.repeats} runs each:")
    print(table(("mode", "checks", "round_trips", "mean_s", "best_s"), rows))
    ours, per = statistics.fmean(times["combined"]), statistics.fmean(times["per_check"])
    ok = summary(
        "freshness",
        [
            (trips["combined"] == 1, f"ours {trips['combined']} round trip vs {trips['per_check']} one per check"),
            (ours < per, f"{ours * 1000:.0f} ms vs {per * 1000:.0f} ms ({per / ours:.1f}x faster)"),
            (verdicts["combined"] == verdicts["per_check"], "same verdicts"),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
