"""`courtside stack up|down|status`: the local stand-in and services as processes."""

from __future__ import annotations

import argparse

from courtside.commands.common import local_settings
from local.processes import PortInUse
from local.stack import Stack
from local.stack_members import SOAK_ENV, SOAK_PORTS


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `stack` group."""
    parser = groups.add_parser("stack", help="local stack of stand-ins and services")
    sub = parser.add_subparsers(dest="action", required=True)
    for action, handler, text in (
        ("up", _up, "start what is not running and wait until healthy"),
        ("down", _down, "stop what `up` started"),
        ("status", _status, "show each process and its health"),
    ):
        one = sub.add_parser(action, help=text)
        one.add_argument("--season", action="store_true", help="the soak's stack (`courtside season`)")
        one.set_defaults(handler=handler)


def stack() -> Stack:
    """The stack rooted at the configured data dir."""
    return Stack(local_settings().data_dir)


def season_stack() -> Stack:
    """The soak's own stack: data under <data dir>/season, ports beside `make run`'s, shorter waits."""
    return Stack(local_settings().data_dir / "season", ports=SOAK_PORTS, env=SOAK_ENV)


def _chosen(args: argparse.Namespace) -> Stack:
    return season_stack() if getattr(args, "season", False) else stack()


def _up(args: argparse.Namespace) -> int:
    try:
        _chosen(args).up()
    except (PortInUse, RuntimeError) as exc:
        print(f"courtside: {exc}")
        return 1
    return 0


def _down(args: argparse.Namespace) -> int:
    _chosen(args).down()
    return 0


def _status(args: argparse.Namespace) -> int:
    rows = _chosen(args).status()
    for name, row in rows.items():
        state = "healthy" if row["healthy"] else ("running, not healthy" if row["running"] else "stopped")
        print(f"{name:10} {state:22} port {row['port']:<6} pid {row['pid'] or '-'}")
    return 0 if all(r["healthy"] for r in rows.values()) else 3
