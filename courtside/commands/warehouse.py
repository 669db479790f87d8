"""`courtside warehouse ensure`: create missing datasets and tables from the schemas in code."""

from __future__ import annotations

import argparse

from courtside.commands.common import warehouse


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `warehouse` group."""
    parser = groups.add_parser("warehouse", help="datasets and tables")
    sub = parser.add_subparsers(dest="action", required=True)
    ensure = sub.add_parser("ensure", help="create missing datasets and tables (idempotent)")
    ensure.set_defaults(handler=_ensure)


def _ensure(args: argparse.Namespace) -> int:
    created = warehouse().ensure_tables()
    print(f"created {len(created)} tables" + (": " + ", ".join(created) if created else " (all present)"))
    return 0
