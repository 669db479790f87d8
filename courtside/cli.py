"""`courtside` entry point: each command group lives in its own module under courtside/commands."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from shared.errors import CourtsideError

# One module per command group; each exposes register(subparsers).
COMMAND_MODULES = [
    "courtside.commands.warehouse",
    "courtside.commands.workflows",
    "courtside.commands.analytics",
    "courtside.commands.freshness",
    "courtside.commands.verify",
    "courtside.commands.replay",
    "courtside.commands.players",
    "courtside.commands.budgets",
]
# These drive the local stack: only where the checkout's local/ package is (never in an image or the wheel).
LOCAL_COMMAND_MODULES = ["courtside.commands.stack", "courtside.commands.run", "courtside.commands.season"]


def command_modules() -> list[str]:
    """The command groups that work here."""
    local = importlib.util.find_spec("local") is not None
    return [*(LOCAL_COMMAND_MODULES if local else []), *COMMAND_MODULES]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command group that works here registered."""
    parser = argparse.ArgumentParser(prog="courtside", description=__doc__)
    groups = parser.add_subparsers(dest="command", required=True)
    for module in command_modules():
        importlib.import_module(module).register(groups)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse and run one command; our errors print one line and exit 1."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CourtsideError as exc:
        print(f"courtside: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
