"""A tiny real HTTP server on 127.0.0.1 that answers POST /scrape from a script, for executor tests."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer: status, JSON body, headers, and a delay before answering."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


def ok(scraper: str, rows: int = 3, **summary: Any) -> Reply:
    status = "success" if rows else "no_data"
    return Reply(200, {"status": status, "run_id": "r", "scraper": scraper, "rows": rows, "data_summary": summary})


def err(status: int, code: str, message: str, **headers: str) -> Reply:
    return Reply(status, {"error": {"code": code, "message": message, "field": None}}, headers)


class ScrapeDouble:
    """Replies per call key (`scraper` or `scraper:param=value`): a list consumed in order, the last one repeated."""

    def __init__(self, script: dict[str, list[Reply]], on_call: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.script = {k: list(v) for k, v in script.items()}
        self.on_call = on_call
        self.calls: Counter[str] = Counter()
        self.auth: list[str | None] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()

    def track(self, delta: int) -> None:
        with self._lock:
            self.in_flight += delta
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def reply(self, payload: dict[str, Any], authorization: str | None) -> Reply:
        keys = [f"{payload['scraper']}:{k}={v}" for k, v in payload.items() if k not in {"scraper", "date"}]
        key = next((k for k in keys if k in self.script), payload["scraper"])
        if self.on_call is not None:
            self.on_call(payload)
        with self._lock:
            self.calls[key] += 1
            self.auth.append(authorization)
            replies = self.script.get(key) or [ok(payload["scraper"])]
            return replies.pop(0) if len(replies) > 1 else replies[0]


@contextmanager
def serve(double: ScrapeDouble) -> Iterator[str]:
    """Run the double on a free port; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            reply = double.reply(payload, self.headers.get("Authorization"))
            double.track(+1)
            time.sleep(reply.delay_s)
            double.track(-1)
            body = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): that is the point of a slow reply

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
