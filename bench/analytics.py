"""Analytics benchmark, side by side in one run on the stand-in: one MERGE per range vs a per-date loop vs
SELECT + load_rows, and what the circuit breaker costs in warehouse queries (`python -m bench.analytics`)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench.analytics_season import START, load, season
from services.analytics.backfill import run_processors
from services.analytics.processors import PROCESSORS
from services.analytics.runner import Runner
from shared.settings import load_settings
from shared.warehouse import Warehouse


@contextlib.contextmanager
def standin() -> Iterator[str]:
    """A throw-away BigQuery stand-in on a free port."""
    from local import bigquery_standin, processes

    with tempfile.TemporaryDirectory() as tmp:
        bigquery_standin.install_extension()
        port = processes.free_port()
        argv = bigquery_standin.standin_argv(port, Path(tmp), "bench")
        proc = processes.spawn(argv, env=bigquery_standin.standin_env(Path(tmp)), log_path=Path(tmp) / "log")
        url = f"http://127.0.0.1:{port}"
        try:
            processes.wait_until(
                lambda: processes.http_ok(f"{url}/bigquery/v2/projects/bench/datasets"),
                timeout_s=60,
                what="BigQuery stand-in",
                alive=lambda: proc.poll() is None,
            )
            yield url
        finally:
            processes.stop_group(proc.pid)


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
    now = datetime.now(UTC)
    rows = warehouse.query(processor.select_sql(), start_date=start, end_date=end, processed_at=now)
    return warehouse.load_rows(processor.target, rows)


def writes(warehouse: Warehouse, days: int) -> None:
    start, end = START, START + timedelta(days=days - 1)
    print(f"write paths over {days} game days ({start}..{end}):")
    for name in PROCESSORS:
        print(f" {name}")
        one, _ = measure(warehouse, "one MERGE for the range", partial(run_processors, warehouse, start, end, [name]))
        loop, _ = measure(
            warehouse, "per-date loop (naive)", partial(run_processors, warehouse, start, end, [name], per_date=True)
        )
        measure(warehouse, "SELECT + load_rows for the range", partial(select_then_load, warehouse, name, start, end))
        print(f"  per-date / range = {loop / one:.1f}x")


def breaker(warehouse: Warehouse, settings: Any, days: int) -> None:
    day = START + timedelta(days=days)  # scheduled, props held back
    late = season(days + 1, final_days=days, props_through=days)
    load(warehouse, {"schedule": late["schedule"]})
    runner = Runner.build(settings, warehouse)
    upcoming = PROCESSORS["upcoming_player_game_context"]
    summary = PROCESSORS["player_game_summary"]
    print(f"circuit breaker (threshold {settings.breaker_threshold}, cache {settings.breaker_cache_s} s):")
    measure(warehouse, "closed run, cold cache (summary, 1 day)", lambda: runner.run(summary, START, START))
    measure(warehouse, "closed run, warm cache (summary, 1 day)", lambda: runner.run(summary, START, START))
    for attempt in range(1, settings.breaker_threshold + 1):
        _, calls = measure(warehouse, f"props missing, failure {attempt}", lambda: runner.run(upcoming, day, day))
    state = runner.store.get(f"{upcoming.name}:{day}")
    print(f"  circuit {state.key}: {state.state.value} after {state.failures} failures")
    measure(warehouse, "open: skipped (readiness query only)", lambda: runner.run(upcoming, day, day))
    full = season(days + 1, final_days=days)
    arrived = datetime.now(UTC)
    load(warehouse, {"odds": [{**r, "processed_at": arrived} for r in full["odds"] if r["game_date"] == day]})
    result: dict[str, Any] = {}
    measure(warehouse, "props arrive: next run", lambda: result.update(runner.run(upcoming, day, day)))
    print(f"  → {result['status']} {result.get('rows')} rows; circuit now {runner.store.get(state.key).state.value}")


def show_circuit_logs() -> None:
    """Print the breaker's own log lines (opened, auto-reset) under the measurements."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("    log %(levelname)s: %(message)s"))
    handler.addFilter(lambda r: str(getattr(r, "json_fields", {}).get("event", "")).startswith("circuit_"))
    logging.getLogger("services.analytics").addHandler(handler)
    logging.getLogger("services.analytics").setLevel(logging.INFO)
    logging.getLogger("services.analytics").propagate = False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    parser.add_argument("--days", type=int, default=30, help="game days in the synthetic stretch")
    args = parser.parse_args(argv)
    show_circuit_logs()
    with standin() as url:
        settings = load_settings(bq_endpoint=url, gcp_project=f"b-{uuid.uuid4().hex[:8]}", bq_retry_deadline_s=10)
        warehouse = Warehouse.from_settings(settings)
        warehouse.ensure_tables()
        started = time.perf_counter()
        loaded = load(warehouse, season(args.days))
        print(f"seeded {sum(loaded.values())} raw rows in {time.perf_counter() - started:.1f} s: {loaded}")
        writes(warehouse, args.days)
        breaker(warehouse, settings, args.days)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
