"""A game day's services in this process over real HTTP: upstream stand-in, scrapers and analytics (werkzeug,
threaded), a BigQuery stand-in process that can be stopped and started again on its port."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from local import bigquery_standin, processes
from local.upstream_standin.server import RunningUpstream, serve_in_thread
from services.analytics.app import create_app as analytics_app
from services.scrapers.app import create_app as scrapers_app
from shared.clock import SimulatedClock
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse

UPSTREAM_URLS = ("nbacom_cdn_url", "nbacom_official_url", "odds_api_url", "bdl_url", "espn_url", "bettingpros_url")
PROJECT = "courtside-e2e"


class StandinProcess:
    """bqemulator persisted in a folder on a fixed port: stop() is a warehouse outage, start() its end."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir, self.port = data_dir, processes.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pid: int | None = None

    def start(self) -> None:
        argv = bigquery_standin.standin_argv(self.port, self.data_dir, PROJECT)
        env = bigquery_standin.standin_env(self.data_dir)
        proc = processes.spawn(argv, env=env, log_path=self.data_dir / "standin.log")
        self.pid = proc.pid
        processes.wait_until(
            lambda: processes.http_ok(f"{self.url}/bigquery/v2/projects/{PROJECT}/datasets"),
            timeout_s=60,
            what="BigQuery stand-in",
            alive=lambda: proc.poll() is None,
        )

    def stop(self) -> None:
        if self.pid is not None:
            processes.stop_group(self.pid)
            self.pid = None


class Quiet:
    """WSGI middleware counting requests in flight, so a test can wait until analytics has caught up."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app, self.in_flight, self.last_done = app, 0, time.monotonic()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with self._lock:
            self.in_flight += 1
        try:
            return list(self.app(environ, start_response))
        finally:
            with self._lock:
                self.in_flight, self.last_done = self.in_flight - 1, time.monotonic()

    def wait(self, quiet_s: float = 1.5, timeout_s: float = 60.0) -> None:
        """Until no request has been in flight for `quiet_s`."""
        deadline = time.monotonic() + timeout_s
        while not (self.in_flight == 0 and time.monotonic() - self.last_done >= quiet_s):
            assert time.monotonic() < deadline, "analytics did not settle"
            time.sleep(0.1)


@dataclass
class GameDayServices:
    """What a game day runs against."""

    settings: Settings
    warehouse: Warehouse
    upstream: RunningUpstream
    scrapers_url: str
    analytics: Quiet
    clock: SimulatedClock


def _serve(app: Callable[..., Any], port: int) -> Any:
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def game_day_services(bq_endpoint: str, project: str, tmp: Path) -> Iterator[GameDayServices]:
    """Upstream stand-in, scrapers and analytics wired as the local stack wires them, on free ports."""
    clock = SimulatedClock(tmp / "run" / "clock.json")
    upstream = serve_in_thread(seed=1, clock=clock)
    scrapers_port, analytics_port = processes.free_port(), processes.free_port()
    settings = load_settings(
        environment="local", bq_endpoint=bq_endpoint, gcp_project=project, bq_retry_deadline_s=3, auth_enabled=False,
        data_dir=tmp, archive_dir=tmp / "archive", notify_mode="http", breaker_threshold=3,
        simulated_clock_file=clock.path,
        scrapers_url=f"http://127.0.0.1:{scrapers_port}", analytics_url=f"http://127.0.0.1:{analytics_port}",
        upstream_timeout_s=2, retry_base_s=0.05, retry_cap_s=0.2,
        **dict.fromkeys(UPSTREAM_URLS, upstream.url),
        **dict.fromkeys(("odds_api_key", "bdl_api_key", "bettingpros_api_key"), "local-key"),
    )  # fmt: skip
    warehouse = Warehouse.from_settings(settings)
    warehouse.ensure_tables()
    analytics = Quiet(analytics_app(settings, warehouse=warehouse))
    servers = [_serve(analytics, analytics_port), _serve(scrapers_app(settings, warehouse=warehouse), scrapers_port)]
    try:
        yield GameDayServices(settings, warehouse, upstream, f"http://127.0.0.1:{scrapers_port}", analytics, clock)
    finally:
        for server in servers:
            server.shutdown()
        upstream.stop()
