"""`courtside season` (what `make soak` calls): a whole regular season on a stack of its own, under a named profile;
interrupted, the same command resumes at the next tick; the season's table at the end."""

from __future__ import annotations

import argparse
import time

from courtside.commands.run import MAX_DAYS, day_count
from courtside.commands.stack import season_stack
from local.day_plans import PROFILES
from local.days import DayReport
from local.playing import DayOptions, local_days, play
from shared.errors import BadRequest


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `season` command."""
    parser = groups.add_parser("season", help="play a whole regular season under a fault profile (a soak)")
    parser.add_argument("--profile", default="hostile", help=f"day profile: {', '.join(PROFILES)} (default hostile)")
    parser.add_argument("--days", default=str(MAX_DAYS), help="stop after this many days (default: the season's end)")
    parser.set_defaults(handler=_season)


def table(reports: list[DayReport], wall_s: float) -> list[str]:
    """The season in a few lines: days, runs, failures, rows, conservation differences, limit headroom, time."""
    runs = sum(len(r.result.executions) for r in reports)
    failed = sum(r.result.runs()["failed"] for r in reports)
    partial = sum(r.result.runs()["partial"] for r in reports)
    conserved = [r.conservation for r in reports if r.conservation]
    returned = sum(t.returned for c in conserved for t in c.tables.values())
    loaded = sum(t.loaded for c in conserved for t in c.tables.values())
    refused = sum(t.refused for c in conserved for t in c.tables.values())
    differences = [d for c in conserved for d in c.differences]
    limits = [r.limits for r in reports if r.limits]
    busiest = max((lim.busiest()[1] for lim in limits), default=0)
    over = [o for lim in limits for o in lim.over]
    per_day = wall_s / len(reports) if reports else 0.0
    return [
        f"days {len(reports)} ({sum(1 for r in reports if r.games)} with games)",
        f"workflow runs {runs} ({failed} failed, {partial} partial)",
        f"rows returned {returned} = {loaded} loaded + {refused} refused; differences {len(differences)}",
        *[f"  LOST {d}" for d in differences],
        f"platform limits: busiest table {busiest} operations in a day (limit 1500); days over a limit {len(over)}",
        *[f"  OVER {o}" for o in over],
        f"wall time {wall_s / 60:.1f} min ({per_day:.1f} s a day)",
    ]


def _season(args: argparse.Namespace) -> int:
    if args.profile not in PROFILES:
        raise BadRequest(f"--profile: unknown {args.profile!r}; expected one of {', '.join(PROFILES)}", field="profile")
    chosen = DayOptions(None, day_count(args.days), args.profile)
    local = local_days(season_stack())
    if local is None:
        return 1
    started = time.monotonic()
    try:
        reports = play(local, chosen, detail=False)
    except KeyboardInterrupt:
        return 130
    print("\n".join(["", f"Season ({args.profile})", *table(reports, time.monotonic() - started)]))
    print(
        f"status page: {local.url('analytics')}/status; stop this stack with: .venv/bin/courtside stack down --season"
    )
    return 0 if reports and all(r.ok for r in reports) else 1
