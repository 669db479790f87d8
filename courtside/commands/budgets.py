"""`courtside budgets`: each upstream's budget in a line; `courtside budgets reopen UPSTREAM --reason TEXT`."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from courtside.commands.common import local_settings
from services.scrapers.app import upstream_budget
from services.scrapers.budget.operator import ReopenRequest, overview, reopen
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.scrape.sources import upstream_names
from shared.errors import ConfigError
from shared.warehouse import Warehouse
from shared.web import parse


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `budgets` command and its `reopen` subcommand."""
    parser = groups.add_parser("budgets", help="each upstream's budget: open, cooling down, closed, tokens, credits")
    parser.set_defaults(handler=_show)
    actions = parser.add_subparsers(dest="action")
    again = actions.add_parser("reopen", help="reopen one upstream for every instance (a fact naming who and why)")
    again.add_argument("upstream", help=f"one of: {', '.join(upstream_names())}")
    again.add_argument("--reason", required=True, help="why (a new key, a plan upgrade, ...); recorded")
    again.add_argument("--by", default=None, help="who reopens it (default: the login name)")
    again.set_defaults(handler=_reopen)


def _budget() -> UpstreamBudget:
    settings = local_settings()
    budget = upstream_budget(settings, Warehouse.from_settings(settings))
    if budget is None:
        raise ConfigError("upstream budgets are off (COURTSIDE_BUDGET_ENABLED=false)", field="COURTSIDE_BUDGET_ENABLED")
    return budget


def _show(args: argparse.Namespace) -> int:
    for row in overview(_budget(), upstream_names()):
        print(line(row))
    return 0


def _reopen(args: argparse.Namespace) -> int:
    fields = {"upstream": args.upstream, "reason": args.reason, "by": args.by or getpass.getuser()}
    row = reopen(_budget(), parse(ReopenRequest, fields), upstream_names())
    print(f"reopened by {row['reopened']}")
    print(line(row))
    return 0


def line(row: dict[str, Any]) -> str:
    """One upstream in a line: its state, until when and why, tokens and credits."""
    state = {"open": "open", "cooling_down": "cooling down until", "closed": "closed until"}[row["state"]]
    text = f"{row['upstream']:12} {state}" + (f" {row['until']}" if row["until"] else "")
    text += f"  tokens {row['tokens']:g}"
    if row["credits_remaining"] is not None or row["credits_used"] is not None:
        text += (
            f"  credits remaining {row['credits_remaining']}, used {row['credits_used']}, held {row['credits_held']}"
        )
    if row["reason"]:
        text += f"  ({row['reason']})"
    return text
