"""Query plans of the processors' MERGEs on the stand-in's own DuckDB (`python -m bench.plans [--seasons 2]`):
the SQL the stand-in actually ran, re-run under EXPLAIN ANALYZE, the costliest operators first."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.analytics_season import load
from bench.harness import fresh_warehouse
from bench.standin_season import season_rows
from services.analytics.processors import PROCESSORS
from shared.clock import system_now


@contextmanager
def in_process_standin() -> Iterator[tuple[str, Any, list[tuple[str, Any]]]]:
    """An in-process stand-in whose DuckDB statements are recorded; yields its URL, engine and the record."""
    from bqemulator.config import PersistenceMode, Settings
    from bqemulator.server import EmulatorServer
    from bqemulator.storage.engine import DuckDBEngine

    from local.bigquery_standin import install_extension

    install_extension()
    os.environ.setdefault("BQEMU_ENABLE_FORMAT_EXTENSIONS", "false")
    seen: list[tuple[str, Any]] = []
    original = DuckDBEngine.fetch_arrow

    def recording(self: DuckDBEngine, sql: str, parameters: list[Any] | None = None) -> Any:
        seen.append((sql, parameters))
        return original(self, sql, parameters)

    server = EmulatorServer(Settings(persistence_mode=PersistenceMode.EPHEMERAL, rest_port=0, grpc_port=0))
    loop = asyncio.new_event_loop()
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, name="standin", daemon=True)
    DuckDBEngine.fetch_arrow = recording  # type: ignore[method-assign]
    thread.start()
    try:
        yield server.rest_url, server._engine, seen
    finally:
        DuckDBEngine.fetch_arrow = original  # type: ignore[method-assign]
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)


def explain(engine: Any, sql: str, parameters: Any, top: int) -> str:
    """EXPLAIN ANALYZE of one recorded statement inside a rolled-back transaction (the MERGE leaves no trace):
    the `top` costliest operators with their rows in and out."""
    connection = engine.connection
    connection.execute("BEGIN")
    try:
        plan = json.loads(connection.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", parameters).fetchall()[0][-1])
    finally:
        connection.execute("ROLLBACK")
    operators = sorted(_operators(plan), key=lambda op: -op[1])
    total = plan.get("latency") or sum(op[1] for op in operators)
    lines = [f"  total {total:.3f} s"]
    for name, seconds, rows_out, detail in operators[:top]:
        lines.append(f"  {seconds:7.3f} s  {rows_out:>11,} rows  {name:24} {detail}")
    return "\n".join(lines)


def _operators(node: dict[str, Any], depth: int = 0) -> Iterator[tuple[str, float, int, str]]:
    extra = node.get("extra_info") or {}
    detail = " ".join(f"{k}={v}" for k, v in extra.items() if k in ("Join Type", "Conditions", "Partitions", "Table"))
    name = node.get("operator_name") or node.get("operator_type") or "?"
    if name:
        yield name.strip(), float(node.get("operator_timing", 0.0)), int(node.get("operator_cardinality", 0)), detail
    for child in node.get("children", []):
        yield from _operators(child, depth + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.plans", description=__doc__)
    parser.add_argument("--seasons", type=int, default=1, help="seasons of the stand-in's model to load")
    parser.add_argument("--processor", choices=sorted(PROCESSORS), action="append", help="default: both")
    parser.add_argument("--top", type=int, default=12, help="operators shown per plan, costliest first")
    args = parser.parse_args(argv)
    with in_process_standin() as (url, engine, seen):
        _, warehouse = fresh_warehouse(url)
        days = []
        for year in range(2026, 2026 + args.seasons):
            model, rows = season_rows(1, year)
            load(warehouse, rows)
            days += [g.date_et for g in model.games]
        start, end = min(days), max(days)
        for name in args.processor or sorted(PROCESSORS):
            processor = PROCESSORS[name]
            seen.clear()
            params = {"start_date": start, "end_date": end, "processed_at": system_now()}
            started = time.perf_counter()
            warehouse.query(processor.merge_sql(), **params)
            took = time.perf_counter() - started
            sql, parameters = next((s, p) for s, p in seen if s.lstrip().upper().startswith("MERGE"))
            print(f"=== {name}: {start}..{end}, MERGE {took:.2f} s through the API ===")
            print(explain(engine, sql, parameters, args.top), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
