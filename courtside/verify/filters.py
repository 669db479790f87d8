"""Cloud Logging filters of the one shape verify uses, built and parsed (pure, no I/O)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

_TERM = re.compile(
    r'\s*(?:jsonPayload\.(?P<path>[A-Za-z_][\w.]*)\s*=\s*(?P<value>"(?:[^"\\]|\\.)*")'
    r'|timestamp\s*>=\s*"(?P<since>[^"]+)")\s*(?:AND\b|$)'
)


@dataclass(frozen=True)
class Filter:
    """Equality on jsonPayload fields (dotted paths) and a lower bound on the entry's timestamp."""

    equals: dict[str, str]
    since: datetime | None = None


def rfc3339(moment: datetime) -> str:
    """UTC, second precision, `Z` suffix: the form Cloud Logging filters take."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_filter(event: str, since: datetime, **fields: str) -> str:
    """E.g. `jsonPayload.event="retry_attempt" AND timestamp>="2025-01-01T00:00:00Z"`."""
    terms = [f"jsonPayload.{name}={json.dumps(value)}" for name, value in {"event": event, **fields}.items()]
    return " AND ".join([*terms, f'timestamp>="{rfc3339(since)}"'])


def parse_filter(text: str) -> Filter:
    """The Filter for a string event_filter built; anything else raises ValueError naming the term."""
    equals: dict[str, str] = {}
    since = None
    pos = 0
    while pos < len(text.rstrip()):
        match = _TERM.match(text, pos)
        if not match:
            raise ValueError(
                f"unsupported filter term at {text[pos:][:40]!r}: local logs understand "
                'jsonPayload.<field>="value" and timestamp>="<RFC 3339>" joined by AND'
            )
        if match["path"]:
            equals[match["path"]] = json.loads(match["value"])
        else:
            since = parse_time(match["since"])
        pos = match.end()
    return Filter(equals, since)


def parse_time(value: str) -> datetime:
    """An RFC 3339 timestamp as an aware UTC datetime (naive means UTC)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def matches(wanted: Filter, payload: dict[str, Any], timestamp: datetime | None) -> bool:
    """Whether an entry passes: every equality holds; an entry without a known time is not excluded."""
    if wanted.since is not None and timestamp is not None and timestamp < wanted.since:
        return False
    for path, expected in wanted.equals.items():
        value: Any = payload
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or _text(value) != expected:
            return False
    return True
