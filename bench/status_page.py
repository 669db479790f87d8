"""Status page: render time with 30 days of history at production volume, vs one day of history, same run.

Production volume: ~20 workflow runs and ~200 scrape records a day, 20 circuits, 20 freshness checks a run.
Goal: under 1 s per render (HTML, every section), with the warehouse round trips printed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

from bench.harness import fresh_warehouse, standin, summary, table
from local.orchestration_history import Volume, seed
from services.analytics.app import create_app

AT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
NO_DEPLOY = {"services": [], "commits": [], "mismatch": False}  # the deploy probe is HTTP to other services: not timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.status_page")
    parser.add_argument("--repeats", type=int, default=5, help="renders of each page, alternated")
    parser.add_argument("--quick", action="store_true", help="2 renders of each page")
    args = parser.parse_args(argv)
    args.repeats = 2 if args.quick else args.repeats
    rows: list[list[object]] = []
    times: dict[int, list[float]] = {}
    with standin() as url:
        clients = {}
        for days in (30, 1):
            settings, warehouse = fresh_warehouse(url)
            written = seed(warehouse, AT, Volume(days=days))
            app = create_app(settings, warehouse=warehouse, clock=lambda: AT, deploy_probe=lambda: NO_DEPLOY)
            clients[days] = (app.test_client(), warehouse, written)
        trips = {}
        for client, _, _ in clients.values():
            assert client.get("/status?days=30").status_code == 200  # warm: first queries plan the tables
        trivial = []
        for _ in range(args.repeats):
            for days, (client, warehouse, _) in clients.items():
                warehouse.calls.clear()
                started = time.perf_counter()
                response = client.get("/status?days=30")
                times.setdefault(days, []).append(time.perf_counter() - started)
                trips[days] = sum(warehouse.calls.values())
                assert response.status_code == 200 and b"FAILING" in response.data.upper()
            started = time.perf_counter()
            warehouse.query("SELECT 1 AS one")  # what one round trip costs on this machine right now
            trivial.append(time.perf_counter() - started)
        for days, (_, _, written) in clients.items():
            t = times[days]
            rows.append(
                [
                    f"{days} days",
                    written["workflow_executions"],
                    written["scraper_runs"],
                    trips[days],
                    statistics.fmean(t),
                    max(t),
                ]
            )
    print(f"/status?days=30 rendered {args.repeats} times per history, alternated:")
    print(table(("history", "workflow_runs", "scrape_records", "round_trips", "mean_s", "worst_s"), rows))
    month, day = statistics.fmean(times[30]), statistics.fmean(times[1])
    one = statistics.fmean(trivial)
    print(f"one trivial round trip (SELECT 1) meanwhile: {one * 1000:.0f} ms; a render = {month / one:.1f} of them")
    ok = summary(
        "status_page",
        [
            (
                max(times[30]) < 1.0,
                f"30 days render in {month * 1000:.0f} ms mean, {max(times[30]) * 1000:.0f} ms worst (goal < 1 s)",
            ),
            (trips[30] == trips[1], f"{trips[30]} warehouse round trips whatever the history ({trips[1]} for one day)"),
            (True, f"30 days of history cost {month / day:.2f}x one day"),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
