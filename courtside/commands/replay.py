"""`courtside replay`: load every pending or failed archived payload, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import os
import sys
from typing import IO

from courtside.commands.common import local_settings
from courtside.commands.progress import LineBar
from services.scrapers.archive.choose import archive_from_settings
from services.scrapers.archive.ledger import LedgerItem
from services.scrapers.pipeline.notify import notifier_from_settings
from services.scrapers.replay.replayer import Replayer
from services.scrapers.replay.request import ReplayRequest
from services.scrapers.replay.summary import ReplaySummary
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import parse

EXIT_CODES = {"complete": 0, "nothing_to_do": 0, "dry_run": 0, "partial": 3, "failed": 1}


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `replay` command."""
    parser = groups.add_parser(
        "replay", help="load archived payloads whose load is pending or failed (exit 0 done, 3 partial, 1 failed)"
    )
    parser.add_argument("--since", help="fetched at or after (ISO date or time; UTC unless it has an offset)")
    parser.add_argument("--until", help="fetched before (ISO date or time)")
    parser.add_argument("--scraper", help="only this scraper's payloads")
    parser.add_argument("--table", help="only payloads for this table, e.g. nba_raw.oddsa_player_props")
    parser.add_argument("--dry-run", action="store_true", help="list what would be loaded; load nothing")
    parser.set_defaults(handler=_replay)


def replay_settings() -> Settings:
    """The CLI's settings; locally, the stack's archive folder and analytics when nothing says otherwise."""
    settings = local_settings()
    if settings.environment != "local":
        return settings
    update: dict[str, object] = {}
    if "COURTSIDE_ARCHIVE_DIR" not in os.environ:
        update["archive_dir"] = settings.data_dir / "archive"
    if "COURTSIDE_NOTIFY_MODE" not in os.environ:
        from local.stack_members import configured_ports

        update |= {"notify_mode": "http", "analytics_url": f"http://127.0.0.1:{configured_ports()['analytics']}"}
    return settings.model_copy(update=update)


class ReplayProgress:
    """The replay's bar: done/total, the payload's scraper and what happened to it."""

    def __init__(self, stream: IO[str] | None = None, width: int = 30) -> None:
        self.bar = LineBar(stream, width)

    def __call__(self, done: int, total: int, item: LedgerItem, outcome: str) -> None:
        self.bar.show(done, total, f"{item.entry.scraper:26} {outcome:14}", last=outcome == "warehouse_down")


def _replay(args: argparse.Namespace) -> int:
    fields = {k: getattr(args, k) for k in ("since", "until", "scraper", "table", "dry_run")}
    request = parse(ReplayRequest, {k: v for k, v in fields.items() if v is not None})
    settings = replay_settings()
    archive = archive_from_settings(settings)
    replayer = Replayer(
        archive, Warehouse.from_settings(settings), notifier_from_settings(settings), clock=settings.clock(),
        load_deadline_s=settings.bq_job_timeout_s,
    )  # fmt: skip
    summary = replayer.run(request, progress=ReplayProgress())
    _print(summary)
    return EXIT_CODES[summary.status]


def _print(summary: ReplaySummary) -> None:
    if summary.dry_run:
        for item in summary.planned:
            when = item.entry.fetched_at.isoformat(timespec="seconds")
            reason = f" ({item.reason})" if item.reason else ""
            print(f"{when} {item.entry.scraper:26} {item.state:8} {item.entry.archive_path}{reason}")
        print(f"dry run: {summary.payloads} payloads would be loaded")
        return
    for failure in summary.failures:
        print(f"FAILED {failure['scraper']} {failure['archive_path']}: {failure['reason']}", file=sys.stderr)
    print(summary.line())
