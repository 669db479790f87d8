"""30 scrapes over real HTTP and replays on two instances at the same time: every payload is loaded exactly once
(one `loaded` fact each), and no row is duplicated."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from local.upstream_standin.server import serve_in_thread
from services.scrapers.app import create_app
from services.scrapers.archive.ledger import FACTS, PAYLOADS, LoadEntry, parse_fact
from services.scrapers.archive.local import LocalArchive
from shared import teams
from shared.schemas import table_spec
from tests.integration.scrape.support import scrape_settings

pytestmark = pytest.mark.integration
NOW = "2026-11-28T17:00:00Z"
TABLE = "nba_raw.espn_rosters"


@pytest.fixture(scope="module")
def standin():
    running = serve_in_thread(seed=1, now=NOW)
    yield running
    running.stop()


@pytest.fixture
def instances(settings, warehouse, standin):
    """Two scrapers instances (as two Cloud Run instances) over one archive and one warehouse, served over HTTP."""
    wired = scrape_settings(settings, standin.url, upstream_timeout_s=5, scrape_load_deadline_s=30)
    servers = [make_server("127.0.0.1", 0, create_app(wired, warehouse=warehouse), threaded=True) for _ in range(2)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    yield [f"http://127.0.0.1:{s.server_port}" for s in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def _replays_until(url: str, done: threading.Event, into: list[dict[str, Any]]) -> None:
    while not done.is_set():
        response = requests.post(f"{url}/replay", json={}, timeout=300)
        assert response.status_code == 200, response.text[:300]
        into.append(response.json())


def test_replays_during_30_live_scrapes_load_each_payload_once(instances, settings, warehouse):
    done, replays = threading.Event(), [list[dict[str, Any]](), list[dict[str, Any]]()]
    replayers = [
        threading.Thread(target=_replays_until, args=(u, done, r)) for u, r in zip(instances, replays, strict=True)
    ]
    for thread in replayers:
        thread.start()
    try:
        with ThreadPoolExecutor(30) as pool:
            answers = list(pool.map(
                lambda team: requests.post(f"{instances[0]}/scrape", json={"scraper": "espn_roster", "team": team},
                                           timeout=300),
                [t.tricode for t in teams.TEAMS],
            ))  # fmt: skip
    finally:
        done.set()
        for thread in replayers:
            thread.join(300)
    codes = Counter(a.json().get("status") or a.json()["error"]["code"] for a in answers)
    assert set(codes) <= {"success", "load_pending"}, codes
    sweep = requests.post(f"{instances[1]}/replay", json={}, timeout=300).json()  # what a load gave up on, if any
    every = [r for rs in replays for r in rs] + [sweep]
    assert all(r["failures"] == [] and r["warehouse_down"] is None for r in every), every

    archive = LocalArchive(settings.archive_dir)
    payloads = {LoadEntry.from_json(archive.get(k)).key: k for k in archive.list(PAYLOADS)}
    loaded = Counter(f.entry_key for f in filter(None, map(parse_fact, archive.list(FACTS))) if f.state == "loaded")
    assert len(payloads) == 30
    assert {k: loaded[k] for k in payloads if loaded[k] != 1} == {}, "payloads loaded twice (or never)"
    paths = {LoadEntry.from_json(archive.get(k)).archive_path for k in payloads.values()}
    assert {r["archive_path"] for r in warehouse.query(f"SELECT DISTINCT archive_path FROM {TABLE}")} == paths
    key = table_spec(TABLE).key
    rows = warehouse.query(f"SELECT {', '.join(key)} FROM {TABLE}")
    assert rows and max(Counter(tuple(r[k] for k in key) for r in rows).values()) == 1
    skipped = sum(r["leased"] for r in every)
    print(f"\n{codes}; {len(every)} replays loaded {sum(r['loaded'] for r in every)}, skipped {skipped} as leased")
