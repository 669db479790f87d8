"""`courtside analytics backfill`: run processors over a date range with a progress bar on stderr."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from typing import IO, Any

from courtside.commands.common import local_settings, warehouse
from courtside.commands.progress import LineBar
from services.analytics.backfill import run_processors
from services.analytics.processors import PROCESSORS


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `analytics` group."""
    parser = groups.add_parser("analytics", help="phase-3 processors")
    sub = parser.add_subparsers(dest="action", required=True)
    backfill = sub.add_parser("backfill", help="run processors over a date range (no circuit breaker)")
    backfill.add_argument("--start", type=date.fromisoformat, required=True, help="first game date, YYYY-MM-DD")
    backfill.add_argument("--end", type=date.fromisoformat, required=True, help="last game date, YYYY-MM-DD")
    backfill.add_argument(
        "--processors", nargs="+", metavar="NAME", help=f"default: all ({', '.join(PROCESSORS)}); commas also work"
    )
    backfill.add_argument("--chunk-days", type=int, default=30, help="days per statement (progress granularity)")
    backfill.set_defaults(handler=_backfill)


class TextProgress:
    """The backfill's bar, with rows written so far and rows per second."""

    def __init__(self, stream: IO[str] | None = None, width: int = 30) -> None:
        self.bar = LineBar(stream, width)
        self.rows = 0
        self.seconds = 0.0

    def __call__(self, done: int, total: int, result: dict[str, Any]) -> None:
        self.rows += int(result.get("rows") or 0)
        self.seconds += float(result.get("duration_s") or 0.0)
        rate = self.rows / self.seconds if self.seconds > 0 else 0.0
        span = f"{result['start_date']}..{result['end_date']}"
        text = f"{result['processor']} {span} {result['status']:9} {self.rows:,} rows {rate:,.0f} rows/s"
        self.bar.show(done, total, text)


def _backfill(args: argparse.Namespace) -> int:
    names = [n for item in args.processors or [] for n in item.split(",") if n] or None
    results = run_processors(
        warehouse(),
        args.start,
        args.end,
        names,
        chunk_days=args.chunk_days,
        progress=TextProgress(),
        clock=local_settings().clock(),
    )
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in results:
        row = totals[r["processor"]]
        row[r["status"]] += 1
        row["rows"] += r["rows"]
        row["seconds"] += r["duration_s"]
        if r["status"] == "failed":
            print(f"{r['processor']} {r['start_date']}..{r['end_date']}: {r['error']}", file=sys.stderr)
    for name, row in totals.items():
        print(
            f"{name:30} processed {int(row['processed']):4} chunks, failed {int(row['failed']):3}, "
            f"{int(row['rows']):7} rows, {row['seconds']:.2f} s"
        )
    return 1 if any(r["status"] == "failed" for r in results) else 0
