"""`courtside run` (what `make run` calls): stack up, tables ensured, one simulated game day, the workflow report."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time, timedelta

import requests

from courtside.commands.common import warehouse
from courtside.commands.stack import stack
from courtside.commands.workflows import report
from local.budget_story import budget_story
from local.circuit_story import circuit_story
from local.gameday import DEFAULT_FAULTS, last_simulated_day, pick_day, run_game_day, schedule_days
from local.processes import PortInUse
from local.stack_members import BREAKER_THRESHOLD, clock_file
from services.analytics.registry.coverage import measure
from shared.clock import SimulatedClock
from shared.eastern import ET, day_start
from shared.errors import BadRequest


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `run` command."""
    parser = groups.add_parser("run", help="start the local stack and simulate one game day end to end")
    parser.add_argument(
        "--date", help="game day to simulate (YYYY-MM-DD, US/Eastern); default: the next one not simulated yet"
    )
    parser.add_argument("--faults", help=f"upstream fault config as JSON (default {json.dumps(DEFAULT_FAULTS)})")
    parser.set_defaults(handler=_run)


def _arguments(args: argparse.Namespace) -> tuple[date | None, dict | None]:
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise BadRequest(f"--date: expected YYYY-MM-DD, got {args.date!r}", field="date") from None
    try:
        faults = json.loads(args.faults) if args.faults else None
    except ValueError:
        raise BadRequest(f"--faults: not JSON: {args.faults!r}", field="faults") from None
    return day, faults


def freshness_summary(freshness_url: str) -> str:
    """Call the freshness function once, as its daily Scheduler job does, and say what it found."""
    body = requests.post(f"{freshness_url}/", json={}, timeout=120).json()
    stale = ", ".join(f"{t['table']} {t['issue']}" for t in body.get("stale_tables", [])) or "none"
    return (
        f"Freshness check {body.get('check_id')}: status {body.get('status')}, "
        f"{body.get('missing_games_count')} missing games, stale tables: {stale}"
    )


def _run(args: argparse.Namespace) -> int:
    day, faults = _arguments(args)
    local = stack()
    try:
        local.up()
    except (PortInUse, RuntimeError) as exc:
        print(f"courtside: {exc}")
        return 1
    wh = warehouse()
    created = wh.ensure_tables()
    print(f"warehouse ready ({len(created)} tables created)")
    scrapers, upstream = (f"http://127.0.0.1:{local.ports[name]}" for name in ("scrapers", "upstream"))
    day = day or pick_day(schedule_days(upstream), last_simulated_day(wh))
    clock = SimulatedClock(clock_file(local.data_dir))
    started = day_start(day)
    run_game_day(scrapers, upstream, day, faults=faults, clock=clock)
    clock.set(datetime.combine(day, time(23, 59), tzinfo=ET))
    # Executions carry simulated times: report on the simulated day (midnight to midnight ET, plus an hour).
    until = datetime.combine(day + timedelta(days=1), time(1), tzinfo=ET)
    print()
    print(report(wh, hours=25, until=until))
    print()
    print("\n".join(circuit_story(wh, started, threshold=BREAKER_THRESHOLD)))
    print()
    print("\n".join(budget_story(wh, started)))
    print()
    print("\n".join(str(c) for c in measure(wh, day, day)) or f"Player coverage {day}: no prop lines")
    print()
    print(freshness_summary(f"http://127.0.0.1:{local.ports['freshness']}"))
    print(f"\nlogs: {local.data_dir / 'logs'}/*.log; stop the stack with: .venv/bin/courtside stack down")
    page = f"http://127.0.0.1:{local.ports['analytics']}/status"
    print(f"status page: {page} (as of the simulated clock, {clock():%Y-%m-%d %H:%M} UTC; JSON: /status.json)")
    return 0
