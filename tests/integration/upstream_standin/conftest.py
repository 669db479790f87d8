"""Fixtures of the stand-in's HTTP tests: one in-process server per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from local.upstream_standin.server import RunningUpstream, serve_in_thread
from tests.integration.upstream_standin.support import NOW


@pytest.fixture(scope="module")
def standin() -> Iterator[RunningUpstream]:
    running = serve_in_thread(seed=1, now=NOW)
    yield running
    running.stop()


@pytest.fixture
def upstream(standin: RunningUpstream) -> RunningUpstream:
    """The module's server with no faults, the clock at NOW, no holdbacks and zeroed counters."""
    standin.set_faults({"seed": 1})
    standin.set_clock(NOW)
    for name in ("odds_api", "bettingpros"):
        standin.hold_back(name, None)
    standin.reset()
    return standin
