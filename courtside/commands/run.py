"""`courtside run` (what `make run` calls): stack up, tables ensured, simulated days end to end, the day's report."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time, timedelta

from courtside.commands.stack import stack
from courtside.commands.workflows import report
from local.budget_story import budget_story
from local.circuit_story import circuit_story
from local.day_plans import PROFILES
from local.gameday import DEFAULT_FAULTS
from local.playing import DayOptions, local_days, play
from local.stack_members import BREAKER_THRESHOLD
from services.analytics.registry.coverage import measure
from shared.eastern import ET, day_start
from shared.errors import BadRequest
from shared.warehouse import Warehouse

MAX_DAYS = 200  # a regular season is about 175 days


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `run` command."""
    parser = groups.add_parser("run", help="start the local stack and simulate game days end to end")
    parser.add_argument(
        "--date", help="first day to simulate (YYYY-MM-DD, US/Eastern); default: the next one not simulated yet"
    )
    parser.add_argument("--days", default="1", help=f"consecutive days to play, 1 to {MAX_DAYS} (default 1)")
    parser.add_argument("--profile", help=f"named day profile: {', '.join(PROFILES)} (default mild)")
    parser.add_argument("--faults", help=f"upstream fault config as JSON (default {json.dumps(DEFAULT_FAULTS)})")
    parser.set_defaults(handler=_run)


def day_count(text: str) -> int:
    """`--days` as a count from 1 to MAX_DAYS, or a BadRequest naming the option."""
    try:
        days = int(text)
    except ValueError:
        raise BadRequest(f"--days: expected a whole number of days, got {text!r}", field="days") from None
    if not 1 <= days <= MAX_DAYS:
        raise BadRequest(f"--days: expected 1 to {MAX_DAYS}, got {days}", field="days")
    return days


def options(args: argparse.Namespace) -> DayOptions:
    """The command's options, each bad one a BadRequest naming it."""
    try:
        first = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise BadRequest(f"--date: expected YYYY-MM-DD, got {args.date!r}", field="date") from None
    try:
        faults = json.loads(args.faults) if args.faults else None
    except ValueError:
        raise BadRequest(f"--faults: not JSON: {args.faults!r}", field="faults") from None
    if args.profile is not None and args.profile not in PROFILES:
        raise BadRequest(f"--profile: unknown {args.profile!r}; expected one of {', '.join(PROFILES)}", field="profile")
    if faults is not None and args.profile is not None:
        raise BadRequest("--faults and --profile: give one of them", field="faults")
    return DayOptions(first, day_count(args.days), args.profile or "mild", faults)


def _one_day_report(local_wh: Warehouse, day: date) -> None:
    until = datetime.combine(day + timedelta(days=1), time(1), tzinfo=ET)
    print()
    print(report(local_wh, hours=25, until=until))
    print()
    print("\n".join(circuit_story(local_wh, day_start(day), threshold=BREAKER_THRESHOLD)))
    print()
    print("\n".join(budget_story(local_wh, day_start(day))))
    print()
    print("\n".join(str(c) for c in measure(local_wh, day, day)) or f"Player coverage {day}: no prop lines")


def _run(args: argparse.Namespace) -> int:
    chosen = options(args)
    local = local_days(stack())
    if local is None:
        return 1
    reports = play(local, chosen, detail=chosen.days == 1)
    if not reports:
        return 1
    last = reports[-1]
    if chosen.days == 1:
        _one_day_report(local.warehouse, last.plan.day)
    print()
    fresh = last.freshness
    stale = ", ".join(f"{t['table']} {t['issue']}" for t in fresh.get("stale_tables", [])) or "none"
    print(
        f"Freshness check {fresh.get('check_id')}: status {fresh.get('status')}, "
        f"{fresh.get('missing_games_count')} missing games, stale tables: {stale}"
    )
    print(f"\nlogs: {local.stack.data_dir / 'logs'}/*.log; stop the stack with: .venv/bin/courtside stack down")
    page = f"{local.url('analytics')}/status"
    print(f"status page: {page} (as of the simulated clock, {local.clock():%Y-%m-%d %H:%M} UTC; JSON: /status.json)")
    print("verify: .venv/bin/courtside verify (judges the same simulated day)")
    return 0 if all(r.ok for r in reports) else 1
