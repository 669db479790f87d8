"""The three services under their images' real servers (gunicorn; functions-framework for the freshness function) on
free ports, and raw HTTP/1.1 exchanges with them: any header bytes, chunked bodies."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.client import HTTPResponse
from pathlib import Path
from urllib.parse import urlsplit

from local import processes
from shared.settings import ENV_PREFIX, Settings
from tests.e2e.gunicorn_scrapers import ROOT, settings_env
from tests.e2e.test_fail_fast import COMMANDS


@contextlib.contextmanager
def served_images(settings: Settings, log_dir: Path) -> Iterator[dict[str, str]]:
    """Each service's real server command with `settings`, started together; their base URLs by service."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    started: dict[str, tuple[subprocess.Popen, str]] = {}
    try:
        for service, argv in COMMANDS.items():
            port = processes.free_port()
            flags = [f"--port={port}", "--host=127.0.0.1"] if service == "freshness" else []
            proc = processes.spawn(
                argv + flags, env={**env, **settings_env(settings), "PORT": str(port)},
                log_path=log_dir / f"{service}.log", cwd=ROOT,
            )  # fmt: skip
            started[service] = (proc, f"http://127.0.0.1:{port}")
        for service, (proc, url) in started.items():
            ready, alive = partial(processes.http_ok, f"{url}/health"), partial(_running, proc)
            processes.wait_until(ready, timeout_s=90, what=service, alive=alive)
        yield {service: url for service, (_, url) in started.items()}
    finally:
        for proc, _ in started.values():
            processes.stop_group(proc.pid)


def _running(proc: subprocess.Popen) -> bool:
    return proc.poll() is None


@dataclass(frozen=True)
class Answer:
    """A response: status and body bytes."""

    status: int
    body: bytes

    def error_field(self) -> str | None:
        """The `field` of our JSON error body; None when the body is not one (e.g. the server's own 400)."""
        try:
            error = json.loads(self.body)["error"]
        except (ValueError, KeyError, TypeError):
            return None
        return error.get("field") if isinstance(error, dict) else None


def _chunked(body: bytes, size: int = 64 * 1024) -> bytes:
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def exchange(
    base_url: str,
    method: str,
    path: str,
    *,
    headers: list[tuple[bytes, bytes]] = (),  # type: ignore[assignment]
    body: bytes | None = None,
    chunked: bool = False,
    timeout_s: float = 30.0,
) -> Answer:
    """One request written byte for byte (header values as given), the body sent while the answer is read."""
    url = urlsplit(base_url)
    head = [f"{method} {path} HTTP/1.1".encode(), f"Host: {url.netloc}".encode()]
    head += [name + b": " + value for name, value in headers]
    if body is not None:
        head.append(b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % len(body))
        head.append(b"Content-Type: application/json")
    data = b"\r\n".join(head) + b"\r\n\r\n" + (b"" if body is None else _chunked(body) if chunked else body)
    with socket.create_connection((url.hostname, url.port), timeout=timeout_s) as sock:
        # The server may answer (413) before it has read everything: read while sending, ignore a closed pipe.
        sender = threading.Thread(target=_send_all, args=(sock, data), daemon=True)
        sender.start()
        response = HTTPResponse(sock, method=method)
        response.begin()
        answer = Answer(response.status, response.read())
        sender.join(timeout_s)
    return answer


def _send_all(sock: socket.socket, data: bytes) -> None:
    with contextlib.suppress(OSError):
        sock.sendall(data)
