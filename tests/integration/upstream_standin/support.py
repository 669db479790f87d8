"""Helpers for the stand-in's HTTP tests: the simulated now, credentials and request shortcuts."""

from __future__ import annotations

import requests

from local.upstream_standin.server import RunningUpstream

NOW = "2026-11-28T17:00:00Z"  # a Saturday, noon ET: last night's games final, tonight's props posted
ODDS = "/v4/sports/basketball_nba"
KEYS = {"apiKey": "test-key"}
BDL_AUTH = {"Authorization": "test-key"}
BP_AUTH = {"x-api-key": "test-key"}


def get(up: RunningUpstream, path: str, **kwargs) -> requests.Response:
    kwargs.setdefault("timeout", 10)
    return requests.get(up.url + path, **kwargs)


def first_event_id(up: RunningUpstream) -> str:
    events = get(up, f"{ODDS}/events", params={**KEYS, "commenceTimeFrom": NOW}).json()
    return events[0]["id"]


def points_odds(up: RunningUpstream, event_id: str, **params) -> requests.Response:
    query = {**KEYS, "regions": "us", "markets": "player_points", "oddsFormat": "american", **params}
    return get(up, f"{ODDS}/events/{event_id}/odds", params=query)
