"""`courtside stack up|down|status`: the local stand-in and services as processes."""

from __future__ import annotations

import argparse

from courtside.commands.common import local_settings
from local.processes import PortInUse
from local.stack import Stack


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `stack` group."""
    parser = groups.add_parser("stack", help="local stack of stand-ins and services")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("up", help="start what is not running and wait until healthy").set_defaults(handler=_up)
    sub.add_parser("down", help="stop what `up` started").set_defaults(handler=_down)
    sub.add_parser("status", help="show each process and its health").set_defaults(handler=_status)


def stack() -> Stack:
    """The stack rooted at the configured data dir."""
    return Stack(local_settings().data_dir)


def _up(args: argparse.Namespace) -> int:
    try:
        stack().up()
    except (PortInUse, RuntimeError) as exc:
        print(f"courtside: {exc}")
        return 1
    return 0


def _down(args: argparse.Namespace) -> int:
    stack().down()
    return 0


def _status(args: argparse.Namespace) -> int:
    rows = stack().status()
    for name, row in rows.items():
        state = "healthy" if row["healthy"] else ("running, not healthy" if row["running"] else "stopped")
        print(f"{name:10} {state:22} port {row['port']:<6} pid {row['pid'] or '-'}")
    return 0 if all(r["healthy"] for r in rows.values()) else 3
