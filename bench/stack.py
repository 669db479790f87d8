"""The real HTTP path for the workflow benchmarks: upstream stand-in (a process of its own) → scrapers /scrape
(threaded werkzeug)."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from bench.upstream import UpstreamProcess, upstream_process
from local.processes import free_port
from services.scrapers.app import create_app
from services.scrapers.workflows.calls import SCRAPER_PARAMS
from services.scrapers.workflows.config import WorkflowsFile
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse

UPSTREAM_URLS = ("nbacom_cdn_url", "nbacom_official_url", "odds_api_url", "bdl_url", "espn_url", "bettingpros_url")
API_KEYS = ("odds_api_key", "bdl_api_key", "bettingpros_api_key")


def quiet() -> None:
    """Keep the services' JSON log lines and werkzeug's request lines out of the benchmark's table."""
    root = logging.getLogger()
    root.handlers = [logging.NullHandler()]
    root.setLevel(logging.CRITICAL)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)


def game_day(upstream: UpstreamProcess, min_games: int = 5) -> date:
    """A day with at least `min_games` games, a week into the stand-in's season."""
    days = sorted({g.date_et for g in upstream.season.games})
    return next(d for d in days if d >= days[0] + timedelta(days=7) and len(upstream.season.games_on(d)) >= min_games)


def off_day(upstream: UpstreamProcess) -> date:
    """The day before opening night: no games, no box scores, no referee assignments."""
    return min(g.date_et for g in upstream.season.games) - timedelta(days=1)


def _with_date(call: dict[str, Any]) -> dict[str, Any]:
    """The call with `date: {date}` when the scraper takes a date and the call gives none."""
    params = dict(call.get("params", {}))
    if "date" in SCRAPER_PARAMS[call["scraper"]]:
        params.setdefault("date", "{date}")
    return {**call, "params": params}


def workflows(name: str, calls: list[dict[str, Any]]) -> WorkflowsFile:
    """A workflows file with one workflow `name`: one step of `calls` (run in parallel)."""
    calls = [_with_date(c) for c in calls]
    return WorkflowsFile.model_validate(
        {
            "scheduler": {"cron": "5 * * * *"},
            "schedule_workflow": name,
            "schedule_stale_after_hours": 12,
            "workflows": {
                name: {
                    "description": "benchmark workflow",
                    "schedule": {"window": ["00:00", "23:59"], "every_hours": 1},
                    "steps": [{"name": "all", "calls": calls}],
                }
            },
        }
    )


@dataclass
class Stack:
    """One upstream stand-in and one scrapers service in front of it, writing to `warehouse`."""

    upstream: UpstreamProcess
    url: str
    settings: Settings
    warehouse: Warehouse
    day: date
    app: Any = None  # the scrapers Flask app (its extensions hold what create_app built)


@contextlib.contextmanager
def scrapers_stack(
    settings: Settings, warehouse: Warehouse, tmp: Path, *, light: bool = False, **overrides: Any
) -> Iterator[Stack]:
    """Start the upstream stand-in (clock at noon ET of a game day, or of the off day before the season when
    `light`) and the scrapers app on free ports."""
    with upstream_process(tmp) as upstream:
        day = off_day(upstream) if light else game_day(upstream)
        upstream.set_clock(datetime.combine(day, time(17, 0), UTC))
        port = free_port()
        base = {k: v for k, v in settings.model_dump().items() if k != "build_commit"}
        values = {
            **base,
            **dict.fromkeys(UPSTREAM_URLS, upstream.url),
            **dict.fromkeys(API_KEYS, "bench-key"),
            "scrapers_url": f"http://127.0.0.1:{port}",
            "archive_dir": tmp / f"archive-{port}",
            **overrides,
        }
        scrapers_settings = load_settings(**values)
        app = create_app(scrapers_settings, warehouse=warehouse)
        server = make_server("127.0.0.1", port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name=f"scrapers-{port}", daemon=True)
        thread.start()
        quiet()
        try:
            yield Stack(upstream, f"http://127.0.0.1:{port}", scrapers_settings, warehouse, day, app)
        finally:
            server.shutdown()
