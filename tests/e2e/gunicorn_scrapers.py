"""The scrapers service under the image's real gunicorn command, from a game day's settings, on a free port."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from local import processes
from shared.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [
    str(Path(sys.executable).parent / "gunicorn"),
    "-c",
    "shared/gunicorn_conf.py",
    "services.scrapers.wsgi:app",
]


def settings_env(settings: Settings, **overrides: str) -> dict[str, str]:
    """COURTSIDE_* variables that make settings_from_env() read `settings` back (secrets included)."""
    env = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None or name in ("build_commit", "revision"):
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, tuple | list):
            value = " ".join(map(str, value))  # list settings (callers) are read as space-separated
        env[f"{ENV_PREFIX}{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return {**env, **{f"{ENV_PREFIX}{k.upper()}": v for k, v in overrides.items()}}


@dataclass
class Gunicorn:
    """The master's pid and the URL it serves."""

    pid: int
    url: str

    def worker(self) -> int:
        """The one worker's pid (a child of the master)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def kill_worker(self) -> int:
        """SIGKILL the worker (gunicorn's master starts another); returns the pid killed."""
        pid = self.worker()
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_ready(self) -> None:
        processes.wait_until(lambda: processes.http_ok(f"{self.url}/health"), timeout_s=60, what="scrapers worker")


@contextlib.contextmanager
def gunicorn_scrapers(settings: Settings, log_path: Path) -> Iterator[Gunicorn]:
    """Serve the scrapers with `settings` (its own URL replaced) under gunicorn until the block ends."""
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update(settings_env(settings, scrapers_url=url), PORT=str(port))
    proc = processes.spawn(GUNICORN, env=env, log_path=log_path, cwd=ROOT)
    server = Gunicorn(proc.pid, url)
    try:
        server.wait_ready()
        yield server
    finally:
        processes.stop_group(proc.pid)
