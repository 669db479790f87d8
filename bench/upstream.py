"""The upstream stand-in in a process of its own, driven through its /__admin API: the scrapers measured here do
not share an interpreter (and its lock) with the upstream they call, as in production."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from local import processes
from local.upstream_standin.replies import iso_z
from local.upstream_standin.season import Season
from local.upstream_standin.server import cached_season


@dataclass
class UpstreamProcess:
    """What the benchmarks ask of the stand-in (faults, clock, counters), over HTTP."""

    url: str
    season: Season  # the same deterministic season the process serves, built here for the dates

    def set_faults(self, config: dict[str, Any] | str) -> None:
        """The admin JSON as a dict, or a profile name."""
        self._post("/__admin/faults", {"profile": config} if isinstance(config, str) else config)

    def set_clock(self, now: datetime) -> None:
        self._post("/__admin/clock", {"now": iso_z(now)})

    def stats(self) -> dict[str, Any]:
        response = requests.get(f"{self.url}/__admin/stats", timeout=10)
        response.raise_for_status()
        return dict(response.json())

    def reset(self) -> None:
        self._post("/__admin/reset", {})

    def _post(self, path: str, body: dict[str, Any]) -> None:
        response = requests.post(f"{self.url}{path}", json=body, timeout=10)
        if response.status_code != 200:
            raise RuntimeError(f"upstream stand-in {path}: {response.status_code} {response.text}")


@contextlib.contextmanager
def upstream_process(log_dir: Path, seed: int = 1) -> Iterator[UpstreamProcess]:
    """`python -m local.upstream_standin` on a free port for the block."""
    port = processes.free_port()
    argv = [sys.executable, "-m", "local.upstream_standin", "--port", str(port), "--seed", str(seed)]
    url = f"http://127.0.0.1:{port}"
    log_path = log_dir / f"upstream-{port}.log"
    with processes.serving(argv, env={}, log_path=log_path, ready_url=f"{url}/healthz", what="upstream stand-in"):
        yield UpstreamProcess(url, cached_season(seed))
