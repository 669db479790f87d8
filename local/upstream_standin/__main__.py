"""`python -m local.upstream_standin --port P [--seed S]`: serve the stand-in until interrupted."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path

from local.upstream_standin.app import UpstreamApp
from local.upstream_standin.faults import FaultConfigError, parse_config
from local.upstream_standin.season import generate_season
from local.upstream_standin.server import UpstreamServer
from local.upstream_standin.state import parse_instant
from shared.clock import clock_for
from shared.log import configure_logging, log_event

logger = logging.getLogger("local.upstream_standin")


def _exit_on_term(*_: object) -> None:
    raise SystemExit(0)  # leaves serve_forever in this (main) thread; shutdown() here would deadlock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.upstream_standin", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("COURTSIDE_UPSTREAM_SEED") or 1))
    parser.add_argument("--start-year", type=int, default=2026)
    parser.add_argument(
        "--faults",
        default=os.environ.get("COURTSIDE_UPSTREAM_FAULTS") or "none",
        help='profile name or JSON, e.g. {"profile": "mild", "seed": 7}',
    )
    parser.add_argument(
        "--now",
        default=os.environ.get("COURTSIDE_UPSTREAM_NOW") or None,
        help="simulated now (ISO-8601 with zone); default: the wall clock",
    )
    args = parser.parse_args(argv)
    simulated = os.environ.get("COURTSIDE_SIMULATED_CLOCK_FILE")
    clock = clock_for(Path(simulated) if simulated else None)
    configure_logging(os.environ.get("COURTSIDE_LOG_LEVEL", "INFO"), clock=clock)
    try:
        faults = parse_config(args.faults, default_seed=args.seed)
        now = parse_instant(args.now, "COURTSIDE_UPSTREAM_NOW") if args.now else None
    except (FaultConfigError, ValueError) as exc:
        print(f"local.upstream_standin: bad configuration: {exc}", file=sys.stderr)
        return 2
    started = time.monotonic()
    season = generate_season(args.seed, args.start_year)
    server = UpstreamServer((args.host, args.port), UpstreamApp(season, faults, now, clock))
    signal.signal(signal.SIGTERM, _exit_on_term)
    log_event(
        logger,
        f"upstream stand-in on http://{args.host}:{args.port}",
        event="upstream_started",
        seed=args.seed,
        season=season.label,
        games=len(season.games),
        faults=faults.to_json(),
        now=args.now,
        generation_s=round(time.monotonic() - started, 2),
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
