"""Log sources for verify: the port, and the local adapter over the stack's JSON log files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from courtside.verify.filters import matches, parse_filter, parse_time


class LogSource(Protocol):
    """Where structured log entries come from; `filter_` is a Cloud Logging filter (see filters.event_filter)."""

    def entries(self, filter_: str) -> Iterator[dict[str, Any]]:
        """The jsonPayload of each entry that passes the filter."""
        ...


class LocalLogFiles:
    """The local stack's logs: one JSON object per line (StructuredLogHandler) in <data_dir>/logs/*.log."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def entries(self, filter_: str) -> Iterator[dict[str, Any]]:
        """Entries passing the filter, each at its own `logged_at` (the writer's clock, simulated locally)."""
        wanted = parse_filter(filter_)
        for path in sorted(self.directory.glob("*.log")):
            with path.open(encoding="utf-8", errors="replace") as lines:
                for line in lines:
                    record = _record(line)
                    if record is not None and matches(wanted, record, _time(record)):
                        yield record


def _record(line: str) -> dict[str, Any] | None:
    # Process logs also hold plain text (tracebacks, third-party prints): skip what is not a JSON object.
    if not line.startswith("{"):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _time(record: dict[str, Any]) -> datetime | None:
    for key in ("timestamp", "time", "logged_at"):
        value = record.get(key)
        if isinstance(value, str):
            try:
                return parse_time(value)
            except ValueError:
                return None
    return None
