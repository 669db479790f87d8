"""Request/reply values the source handlers work with (no sockets here), and formatting helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from local.upstream_standin.faults import FaultProfile
from local.upstream_standin.season import Season
from local.upstream_standin.state import State


@dataclass(frozen=True)
class Request:
    """One parsed HTTP request; header names are matched case-insensitively."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    params: Mapping[str, str] = field(default_factory=dict)  # from the route pattern
    body: bytes = b""

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        return list(self.query.get(name, []))

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)


@dataclass
class Reply:
    """Status, body bytes and headers; `cost` is the Odds API credits the call spends."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    cost: int = 0


@dataclass(frozen=True)
class Context:
    """What a handler may read: the season, simulated now, the server state and this upstream's profile."""

    season: Season
    now: datetime
    state: State
    profile: FaultProfile


Handler = Callable[[Request, Context], Reply]


@dataclass(frozen=True)
class Route:
    """An upstream path: `pattern` is a regex over the path with named groups."""

    upstream: str
    pattern: str
    handler: Handler
    billable: bool = False  # Odds API: spends credits, refused once they are gone


def json_reply(payload: Any, status: int = 200, headers: dict[str, str] | None = None, cost: int = 0) -> Reply:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, dict(headers or {}), cost=cost)


def html_reply(status: int, title: str, text: str = "") -> Reply:
    page = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>{text}</body></html>"
    return Reply(status, page.encode("utf-8"), content_type="text/html; charset=utf-8")


def iso_z(moment: datetime) -> str:
    """'2026-10-20T23:30:00Z'; NBA.com also writes local wall-clock times this way, Z and all."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_day(value: str | None) -> date | None:
    """YYYY-MM-DD or None when missing or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
