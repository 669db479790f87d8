"""`courtside run` (what `make run` calls): bring the stack up, ensure tables, show it healthy."""

from __future__ import annotations

import argparse

from courtside.commands.common import warehouse
from courtside.commands.stack import stack


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `run` command."""
    groups.add_parser("run", help="start the local stack and run the main job").set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    local = stack()
    local.up()
    created = warehouse().ensure_tables()
    print(f"warehouse ready ({len(created)} tables created)")
    for name, row in local.status().items():
        print(f"{name:10} {'healthy' if row['healthy'] else 'NOT HEALTHY':12} http://127.0.0.1:{row['port']}")
    print("stop it with: .venv/bin/courtside stack down")
    return 0
