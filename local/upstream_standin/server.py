"""The threaded HTTP server around UpstreamApp, and `serve_in_thread` for tests and benchmarks."""

from __future__ import annotations

import logging
import socket
import struct
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from local.upstream_standin.app import UpstreamApp
from local.upstream_standin.faults import FaultConfig, parse_config
from local.upstream_standin.replies import Request
from local.upstream_standin.season import Season, generate_season
from local.upstream_standin.state import parse_instant
from shared.clock import Clock, system_now

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def cached_season(seed: int, start_year: int = 2026) -> Season:
    """generate_season, once per (seed, year) per process."""
    return generate_season(seed, start_year)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: UpstreamServer

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, url.path, parse_qs(url.query), dict(self.headers.items()), body=body)
        outcome = self.server.app.handle(request)
        if outcome.delay_s > 0 and self.server.stopping.wait(outcome.delay_s):
            self.close_connection = True
            return
        if outcome.reply is None:
            self._reset()
            return
        reply = outcome.reply
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. timed out on a slow answer)

    def _reset(self) -> None:
        """Close abruptly: SO_LINGER 0 makes close() send RST, so the client sees a connection reset."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        logger.debug("%s " + format, self.address_string(), *args)


class UpstreamServer(ThreadingHTTPServer):
    """One thread per connection; stopping releases requests sleeping on a slow fault."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: UpstreamApp) -> None:
        self.app = app
        self.stopping = threading.Event()
        super().__init__(address, _Handler)


@dataclass
class RunningUpstream:
    """A stand-in serving from a background thread."""

    server: UpstreamServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def app(self) -> UpstreamApp:
        return self.server.app

    @property
    def season(self) -> Season:
        return self.server.app.season

    def set_faults(self, config: FaultConfig | dict[str, Any] | str | None = None, **fields: Any) -> FaultConfig:
        """A FaultConfig, the admin JSON as a dict, a profile name, or keywords: set_faults(profile="standard")."""
        if not isinstance(config, FaultConfig):
            payload = {"profile": config} if isinstance(config, str) else dict(config or {})
            config = parse_config({**payload, **fields}, default_seed=self.season.seed)
        self.app.injector.configure(config)
        return config

    def set_clock(self, now: datetime | str | None) -> None:
        self.app.state.set_now(parse_instant(now, "now") if isinstance(now, str) else now)

    def hold_back(self, upstream: str, until: datetime | str | None) -> None:
        self.app.state.hold_back(upstream, parse_instant(until, "until") if isinstance(until, str) else until)

    def stats(self) -> dict[str, Any]:
        return self.app.state.stats()

    def reset(self) -> None:
        self.app.state.reset_counters()

    def stop(self) -> None:
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_in_thread(
    port: int = 0,
    seed: int = 1,
    faults: FaultConfig | dict[str, Any] | str | None = None,
    now: datetime | str | None = None,
    start_year: int = 2026,
    clock: Clock = system_now,
) -> RunningUpstream:
    """Start the stand-in on 127.0.0.1:`port` (0 = a free one) in a daemon thread; `.stop()` when done."""
    season = cached_season(seed, start_year)
    if not isinstance(faults, FaultConfig):
        faults = parse_config(faults if faults is not None else {}, default_seed=seed)
    start = parse_instant(now, "now") if isinstance(now, str) else now
    server = UpstreamServer(("127.0.0.1", port), UpstreamApp(season, faults, start, clock))
    thread = threading.Thread(target=server.serve_forever, name="upstream-standin", daemon=True)
    thread.start()
    return RunningUpstream(server, thread)
