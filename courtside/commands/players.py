"""`courtside players unresolved|alias|rebuild`: the queue of names nobody could match, and a person's answer."""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import date

from courtside.commands.common import now, warehouse
from services.analytics.registry.aliases import record_alias, unresolved
from services.analytics.registry.rebuild import prepare_players


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `players` group."""
    parser = groups.add_parser("players", help="player registry: unresolved names, aliases, rebuild")
    sub = parser.add_subparsers(dest="action", required=True)
    queue = sub.add_parser("unresolved", help="list names no rule could match, with candidates and scores")
    queue.add_argument("--status", default="open", help="open (default), resolved or all")
    queue.add_argument("--since", type=date.fromisoformat, help="first game date, YYYY-MM-DD")
    queue.set_defaults(handler=_unresolved)
    alias = sub.add_parser("alias", help='record that SOURCE\'s "RAW NAME" means PLAYER_ID')
    alias.add_argument("source", help="odds_api, bettingpros, espn, bdl or nbacom")
    alias.add_argument("raw_name", help="the name exactly as the source prints it")
    alias.add_argument("player_id", help="an id from nba_reference.players (see the candidates)")
    alias.add_argument("--by", default=None, help="who decided (default: the current user)")
    alias.add_argument("--note", default=None, help="why")
    alias.set_defaults(handler=_alias)
    rebuild = sub.add_parser("rebuild", help="rebuild the registry and resolve prop names for a date range")
    rebuild.add_argument("--start", type=date.fromisoformat, required=True)
    rebuild.add_argument("--end", type=date.fromisoformat, required=True)
    rebuild.set_defaults(handler=_rebuild)


def _candidates(text: str | None) -> str:
    listed = json.loads(text or "[]")
    return "; ".join(f"{c['name']} [{c['player_id']}] {c['score']:g}" for c in listed) or "none on these teams"


def _unresolved(args: argparse.Namespace) -> int:
    rows = unresolved(warehouse(), args.status, args.since)
    for r in rows:
        print(
            f"{r['game_date']}  {r['source']:12} {r['raw_name']!r:28} {r['team_a']}-{r['team_b']}  {r['reason']:13} "
            f"seen {r['times_seen']}x  {r['status']:8} candidates: {_candidates(r['candidates'])}"
        )
    print(f"{len(rows)} {args.status} unresolved names")
    return 0


def _alias(args: argparse.Namespace) -> int:
    by = args.by or getpass.getuser()
    row, dates = record_alias(warehouse(), args.source, args.raw_name, args.player_id, by=by, note=args.note, now=now())
    print(f"alias recorded: {row['source']} {row['raw_name']!r} -> {row['player_id']} (by {by})")
    if dates:
        span = f"--start {dates[0]} --end {dates[-1]}"
        print(f"it answers open queue rows on {len(dates)} dates; apply now: courtside analytics backfill {span}")
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    names = prepare_players(warehouse(), args.start, args.end, now(), force=True)
    print(f"{names.seen} prop names: {names.by_method}; {len(names.queued)} unresolved")
    return 0
