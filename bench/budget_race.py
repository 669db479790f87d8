"""Scrapers instances racing on one upstream's last credits and retry tokens: leaks, credits, retries granted."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from bench.harness import fresh_warehouse
from bench.stack import API_KEYS, UPSTREAM_URLS, game_day, quiet
from bench.upstream import UpstreamProcess
from local.processes import free_port
from local.upstream_standin.odds_api import event_id
from services.scrapers.app import create_app
from services.scrapers.workflows.client import ScrapeClient
from shared.clock import system_now
from shared.orchestration import upstream_budget
from shared.resilience import credits
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse

RACE_COLUMNS = ("race", "instances", "calls", "after_zero", "charged", "recorded", "unsure", "max_used", "sum_last",
                "retries", "tokens")  # fmt: skip
TOKENS = 8  # the retry reserve of the token race
PARALLEL = 30  # calls of one step on a dead upstream, per instance


@contextlib.contextmanager
def instances(settings: Settings, warehouse: Warehouse, upstream: str, n: int, tmp: Path) -> Iterator[list[Any]]:
    """`n` scrapers apps in front of one upstream stand-in, sharing one warehouse; yields (URL, app) pairs."""
    servers, urls = [], []
    base = {k: v for k, v in settings.model_dump().items() if k != "build_commit"}
    try:
        for _ in range(n):
            port = free_port()
            values = {**base, **dict.fromkeys(UPSTREAM_URLS, upstream), **dict.fromkeys(API_KEYS, "bench-key"),
                      "scrapers_url": f"http://127.0.0.1:{port}", "archive_dir": tmp / f"race-{port}"}  # fmt: skip
            app = create_app(load_settings(**values), warehouse=warehouse)
            server = make_server("127.0.0.1", port, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            urls.append((f"http://127.0.0.1:{port}", app))
        quiet()
        yield urls
    finally:
        for server in servers:
            server.shutdown()


def _fire(urls: list[Any], calls: list[tuple[str, dict[str, str]]], parallel: int) -> None:
    """Every call, round robin over the instances, `parallel` at a time, straight to /scrape."""
    clients = [ScrapeClient(u, pool_size=parallel) for u, _ in urls]
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(lambda ic: clients[ic[0] % len(clients)].scrape(*ic[1], 10.0), enumerate(calls)))


def fresh(bigquery: str) -> tuple[Settings, Warehouse]:
    """A new empty warehouse on the stand-in and the settings of the racing instances."""
    return fresh_warehouse(bigquery, upstream_timeout_s=1.0, upstream_page_retry_base_s=0.05,
                           retry_budget_reserve=TOKENS, upstream_hedge_after_s=0)  # fmt: skip


def credit_race(bigquery: str, upstream: UpstreamProcess, n: int, tmp: Path) -> dict[str, Any]:
    """`n` instances spend the Odds API's last credits (some answers time out); leaks and credits counted."""
    settings, warehouse = fresh(bigquery)
    day = game_day(upstream)
    upstream.set_clock(datetime.combine(day, time(17, 0), UTC))
    slow = {"odds_api": {"rate_slow": 0.15, "slow_s": 3 * settings.upstream_timeout_s}}
    upstream.set_faults({"profile": "none", "seed": 7, "odds_api_credits": 12 * n, "upstreams": slow})
    upstream.reset()
    events = [event_id(upstream.season, g) for g in upstream.season.games_on(day)]
    calls = [("oddsa_player_props", {"event_id": events[i % len(events)], "date": day.isoformat()})
             for i in range(30 * n)]  # fmt: skip
    since = system_now()
    with instances(settings, warehouse, upstream.url, n, tmp) as urls:
        _fire(urls, calls, 4 * n)
        budget = urls[0][1].extensions["upstream_budget"]
        state = budget.store.state_fresh("oddsapi")
    stats = upstream.stats()
    seen = upstream_budget.credits_recorded(warehouse, "oddsapi", since)
    recorded = getattr(credits, "charged", lambda s: seen["sum_last"])(state)  # before: the x-requests-last summed
    return {"race": "credits", "instances": n, "calls": len(calls), "charged": stats["odds_api_credits_used"],
            "after_zero": stats["odds_api_requests_after_zero"], "recorded": recorded, "max_used": seen["used"],
            "unsure": getattr(credits, "uncertain", lambda s: 0)(state),
            "sum_last": seen["sum_last"], "retries": "", "tokens": ""}  # fmt: skip


def token_race(bigquery: str, upstream: UpstreamProcess, n: int, tmp: Path) -> dict[str, Any]:
    """`n` instances each send 30 parallel calls to a dead ESPN with 8 retry tokens; retries granted counted."""
    settings, warehouse = fresh(bigquery)
    day: date = game_day(upstream)
    upstream.set_faults({"profile": "outage", "seed": 7})
    upstream.reset()
    calls = [("espn_roster", {"team": "BOS", "date": day.isoformat()}) for _ in range(PARALLEL * n)]
    since = system_now()
    with instances(settings, warehouse, upstream.url, n, tmp) as urls:
        _fire(urls, calls, PARALLEL * n)
    granted = sum(1 for f in upstream_budget.events_since(warehouse, since, ("retry",)) if f["upstream"] == "espn")
    return {"race": "tokens", "instances": n, "calls": len(calls), "after_zero": "", "charged": "", "recorded": "",
            "max_used": "", "unsure": "",
            "sum_last": "", "retries": granted, "tokens": TOKENS}  # fmt: skip
