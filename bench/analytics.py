"""Analytics backfill, side by side in one run on the stand-in: one and two full seasons of the upstream stand-in's
model, both processors set-based over the whole range vs a per-date loop measured over 60 game days, every
measured run a backfill from the raw rows alone (`python -m bench.analytics [--quick]`);
`--write-paths` adds range MERGE vs per-date vs SELECT + load_rows over a short synthetic stretch."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any

from bench.analytics_season import START, load, season
from bench.baselines import per_date_backfill
from bench.harness import child_pids, fresh_warehouse, peak_rss_mib, reset_peak_rss, standin, summary, table
from bench.standin_season import season_rows
from services.analytics.backfill import run_processors
from services.analytics.guarded_runner import GuardedRunner
from services.analytics.processors import PROCESSORS
from services.analytics.registry.rebuild import forget_prepared
from shared.clock import system_now
from shared.schemas import TABLES
from shared.schemas.nba_analytics import DATASET as ANALYTICS
from shared.schemas.nba_reference_players import REGISTRY_TABLES
from shared.warehouse import Warehouse

# What the processors derive from nba_raw (a person's aliases, in nba_reference too, are an input).
DERIVED = [n for n, spec in TABLES.items() if spec.dataset == ANALYTICS] + [s.full_name for s in REGISTRY_TABLES]


def measure(warehouse: Warehouse, label: str, action: Callable[[], Any]) -> tuple[float, dict[str, int]]:
    warehouse.calls.clear()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    print(f"  {label:44} {seconds:7.2f} s  {dict(warehouse.calls)}")
    return seconds, dict(warehouse.calls)


def select_then_load(warehouse: Warehouse, name: str, start: date, end: date) -> int:
    """The alternative write path: rows through Python, then load job + MERGE (does not delete stale rows)."""
    processor = PROCESSORS[name]
    processor.check(warehouse, start, end)
    now = system_now()
    rows = warehouse.query(processor.select_sql(), start_date=start, end_date=end, processed_at=now)
    return warehouse.load_rows(processor.target, rows)


def writes(warehouse: Warehouse, days: int) -> None:
    start, end = START, START + timedelta(days=days - 1)
    print(f"write paths over {days} game days ({start}..{end}):")
    for name in PROCESSORS:
        print(f" {name}")
        one, _ = measure(warehouse, "one MERGE for the range", partial(run_processors, warehouse, start, end, [name]))
        loop, _ = measure(warehouse, "per-date loop (naive)", partial(per_date_backfill, warehouse, start, end, [name]))
        measure(warehouse, "SELECT + load_rows for the range", partial(select_then_load, warehouse, name, start, end))
        print(f"  per-date / range = {loop / one:.1f}x")


def breaker(warehouse: Warehouse, settings: Any, days: int) -> dict[str, Any]:
    day = START + timedelta(days=days)  # scheduled, props held back
    late = season(days + 1, final_days=days, props_through=days)
    load(warehouse, {"schedule": late["schedule"]})
    runner = GuardedRunner.build(settings, warehouse)
    upcoming = PROCESSORS["upcoming_player_game_context"]
    summary = PROCESSORS["player_game_summary"]
    print(f"circuit breaker (threshold {settings.breaker_threshold}, cache {settings.breaker_cache_s} s):")
    _, cold = measure(warehouse, "closed run, cold cache (summary, 1 day)", lambda: runner.run(summary, START, START))
    _, warm = measure(warehouse, "closed run, warm cache (summary, 1 day)", lambda: runner.run(summary, START, START))
    for attempt in range(1, settings.breaker_threshold + 1):
        _, calls = measure(warehouse, f"props missing, failure {attempt}", lambda: runner.run(upcoming, day, day))
    state = runner.store.get(f"{upcoming.name}:{day}")
    print(f"  circuit {state.key}: {state.state.value} after {state.failures} failures")
    measure(warehouse, "open: skipped (readiness query only)", lambda: runner.run(upcoming, day, day))
    full = season(days + 1, final_days=days)
    arrived = system_now()
    load(warehouse, {"odds": [{**r, "processed_at": arrived} for r in full["odds"] if r["game_date"] == day]})
    result: dict[str, Any] = {}
    measure(warehouse, "props arrive: next run", lambda: result.update(runner.run(upcoming, day, day)))
    after = runner.store.get(state.key).state.value
    print(f"  → {result['status']} {result.get('rows')} rows; circuit now {after}")
    return {"cold": cold, "warm": warm, "opened": state.state.value, "next_run": result.get("status"), "after": after}


def show_circuit_logs() -> None:
    """Print the breaker's own log lines (opened, auto-reset) under the measurements."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("    log %(levelname)s: %(message)s"))
    handler.addFilter(lambda r: str(getattr(r, "json_fields", {}).get("event", "")).startswith("circuit_"))
    logging.getLogger("services.analytics").addHandler(handler)
    logging.getLogger("services.analytics").setLevel(logging.INFO)
    logging.getLogger("services.analytics").propagate = False


def forget_derived(warehouse: Warehouse) -> None:
    """Drop every derived table (created again empty) and this process's memory of prepared ranges: the next run
    is a backfill from the raw rows alone, as every measured run here is."""
    for name in DERIVED:
        warehouse.client.delete_table(warehouse.table_id(name))
    warehouse.ensure_tables()
    forget_prepared()


def backfill_one(warehouse: Warehouse, label: str, start: date, end: date) -> dict[str, Any]:
    """Both processors set-based over start..end from the raw rows alone (derived tables emptied first); time,
    rows, rows/s."""
    forget_derived(warehouse)
    started = time.perf_counter()
    results = run_processors(warehouse, start, end)
    seconds = time.perf_counter() - started
    failed = [r for r in results if r["status"] != "processed"]
    rows = sum(r["rows"] for r in results)
    return {"run": label, "days": (end - start).days + 1, "seconds": seconds, "rows": rows,
            "rows_per_s": rows / seconds, "failed": len(failed)}  # fmt: skip


def per_date_loop(warehouse: Warehouse, days: list[date]) -> dict[str, Any]:
    """The per-date loop (one statement per processor per day) over consecutive game days from the raw rows alone,
    measured."""
    forget_derived(warehouse)
    started, rows = time.perf_counter(), 0
    for day in days:
        rows += sum(r["rows"] for r in per_date_backfill(warehouse, day, day))
    seconds = time.perf_counter() - started
    return {"run": f"per-date loop, {len(days)} game days (measured)", "days": (days[-1] - days[0]).days + 1,
            "seconds": seconds, "rows": rows, "rows_per_s": rows / seconds, "failed": 0}  # fmt: skip


def seasons(warehouse: Warehouse, loop_days: int) -> bool:
    """One season, then two, seeded from the stand-in's season model; set-based vs per-date."""
    ranges = []
    for year in (2026, 2027):
        started = time.perf_counter()
        model, rows = season_rows(1, year)
        load(warehouse, rows)
        days = sorted({g.date_et for g in model.games})
        ranges.append(days)
        took = time.perf_counter() - started
        games, box, total = len(model.games), len(rows["box"]), sum(len(v) for v in rows.values())
        print(f"seeded season {model.label}: {games} games, {box} player-games, {total} raw rows in {took:.1f} s")
        if year == 2026:
            backfill_one(warehouse, "warm-up", days[0], days[-1])  # untimed: caches warm
            one = backfill_one(warehouse, "set-based, 1 season", days[0], days[-1])
            stretch = days[len(days) // 3 :][:loop_days]  # mid-season: a full 365-day history behind each date
            loop = per_date_loop(warehouse, stretch)
            same = backfill_one(warehouse, f"set-based, the same {len(stretch)} game days", stretch[0], stretch[-1])
    two = backfill_one(warehouse, "set-based, 2 seasons", ranges[0][0], ranges[1][-1])
    columns = ("run", "days", "seconds", "rows", "rows_per_s", "failed")
    print(table(columns, [[r[c] for c in columns] for r in (one, loop, same, two)]))
    speedup, growth = one["rows_per_s"] / loop["rows_per_s"], two["seconds"] / one["seconds"]
    same_ratio = loop["seconds"] / same["seconds"]
    print(f"set-based (1 season) / per-date loop, rows per second: {speedup:.1f}x; "
          f"same {len(stretch)} days: {same_ratio:.1f}x; 2 seasons / 1 season: {growth:.2f}x")  # fmt: skip
    return summary(
        "analytics",
        [
            (growth <= 2.0, f"2 seasons cost {growth:.2f}x one season (<= 2.0x)"),
            (
                speedup >= 50 and len(stretch) >= 60,
                f"set-based {one['rows_per_s']:.0f} rows/s = {speedup:.0f}x the per-date loop measured over "
                f"{len(stretch)} days (>= 50x, >= 60 days)",
            ),
            (one["failed"] + two["failed"] + same["failed"] == 0, "0 failed"),
        ],
        baseline=f"per-date loop {loop['rows_per_s']:.0f} rows/s",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    parser.add_argument("--loop-days", type=int, default=60, help="consecutive game days the per-date loop runs")
    parser.add_argument("--quick", action="store_true", help="a 10-day per-date loop (the 60-day goal not met)")
    parser.add_argument("--write-paths", type=int, default=0, metavar="DAYS", help="also compare write paths")
    args = parser.parse_args(argv)
    with standin() as url:
        _, warehouse = fresh_warehouse(url)
        standin_pids = child_pids()
        for pid in (None, *standin_pids):
            reset_peak_rss(pid)
        ok = seasons(warehouse, 10 if args.quick else args.loop_days)
        print(f"peak RSS bench process (analytics processors, client side): {peak_rss_mib():.0f} MiB")
        for pid in standin_pids:
            print(f"peak RSS BigQuery stand-in (pid {pid}, holds both seasons in memory): {peak_rss_mib(pid):.0f} MiB")
        if args.write_paths:
            _, warehouse = fresh_warehouse(url)
            load(warehouse, season(args.write_paths))
            writes(warehouse, args.write_paths)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
