"""Shared fixture for the stand-in's HTTP tests: one in-process server per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from local.upstream.server import RunningUpstream, serve_in_thread

NOW = "2026-11-28T17:00:00Z"  # a Saturday, noon ET: last night's games final, tonight's props posted
ODDS = "/v4/sports/basketball_nba"
KEYS = {"apiKey": "test-key"}
BDL_AUTH = {"Authorization": "test-key"}
BP_AUTH = {"x-api-key": "test-key"}


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


def get(up: RunningUpstream, path: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 10)
    return requests.get(up.url + path, **kwargs)


def first_event_id(up: RunningUpstream) -> str:
    events = get(up, f"{ODDS}/events", params={**KEYS, "commenceTimeFrom": NOW}).json()
    return events[0]["id"]


def points_odds(up: RunningUpstream, event_id: str, **params) -> requests.Response:
    query = {**KEYS, "regions": "us", "markets": "player_points", "oddsFormat": "american", **params}
    return get(up, f"{ODDS}/events/{event_id}/odds", params=query)
