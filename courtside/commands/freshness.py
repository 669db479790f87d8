"""`courtside freshness validate|history`: check checks.yaml against the schemas in code; print past runs."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from courtside.commands.common import now, warehouse
from services.freshness.config import DEFAULT_PATH, load_config
from services.freshness.history import format_history
from services.freshness.schema_check import config_problems
from shared.errors import ConfigError
from shared.orchestration import freshness_history
from shared.settings import load_settings


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `freshness` group."""
    parser = groups.add_parser("freshness", help="freshness checks: validate the config, show history")
    sub = parser.add_subparsers(dest="action", required=True)
    validate = sub.add_parser("validate", help="check checks.yaml against the table schemas in code")
    validate.add_argument(
        "--config", type=Path, help=f"checks file (default: $COURTSIDE_FRESHNESS_CHECKS_PATH, else {DEFAULT_PATH})"
    )
    validate.set_defaults(handler=_validate)
    hist = sub.add_parser("history", help="print the freshness_checks and missing_games_log history")
    hist.add_argument(
        "--days",
        type=int,
        default=freshness_history.DEFAULT_LOOKBACK.days,
        help="how many days back (default: %(default)s)",
    )
    hist.set_defaults(handler=_history)


def validate_file(path: Path) -> list[str]:
    """Every problem of the file: malformed entries first (ConfigError), then schema mismatches."""
    return config_problems(load_config(path))


def _validate(args: argparse.Namespace) -> int:
    path: Path = args.config or load_settings().freshness_checks_path or DEFAULT_PATH
    problems = validate_file(path)
    for problem in problems:
        print(f"{path.name}: {problem}")
    if problems:
        raise ConfigError(f"{len(problems)} problem(s) in {path}")
    config = load_config(path)
    print(f"{path}: {len(config.checks)} checks and {len(config.missing_games.sources)} source(s) valid")
    return 0


def _history(args: argparse.Namespace) -> int:
    if args.days < 1:
        raise ConfigError("--days must be at least 1", field="days")
    wh, since = warehouse(), now() - timedelta(days=args.days)
    print(format_history(freshness_history.checks_since(wh, since), freshness_history.games_since(wh, since)))
    return 0
