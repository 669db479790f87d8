"""The one clock: production reads the system's, the local stack the simulation's (a file the driver moves).

This module is the only place that reads the system time; everything else is handed a `Clock`.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

Clock = Callable[[], datetime]


def system_now() -> datetime:
    """The system's time, aware UTC: the production clock."""
    return datetime.now(UTC)


class SimulatedClock:
    """Simulated time shared by every process of the local stack through one small JSON file.

    The file holds the simulated instant and the system instant it was set at; time flows from there at the
    system's pace, so durations stay real while the day is the simulation's. No file yet: the system time.
    """

    def __init__(self, path: Path, system: Clock = system_now) -> None:
        self.path, self._system = path, system
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._reading: tuple[timedelta, datetime | None] = (timedelta(0), None)

    def __call__(self) -> datetime:
        offset, paused_at = self._current()
        return paused_at if paused_at is not None else self._system() + offset

    def _current(self) -> tuple[timedelta, datetime | None]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return timedelta(0), None
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._seen:
                self._reading, self._seen = _read(self.path), stamp
            return self._reading

    def set(self, now: datetime, *, paused: bool = False) -> None:
        """Move the simulated time to `now` for every process reading this file (atomically replaced); paused, it
        stays there (between played days) instead of flowing on."""
        if now.tzinfo is None:
            raise ValueError(f"simulated time needs a zone: {now.isoformat()}")
        write_simulated_now(self.path, now, self._system(), paused=paused)


def write_simulated_now(path: Path, now: datetime, set_at: datetime, *, paused: bool = False) -> None:
    """Write the file a SimulatedClock reads: `now` as of the system instant `set_at` (standing still if paused)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"now": _iso(now), "set_at": _iso(set_at), "paused": paused}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(json.dumps(body))
    os.replace(tmp, path)


def _read(path: Path) -> tuple[timedelta, datetime | None]:
    try:
        body = json.loads(path.read_text())
        now = _parse(body["now"])
        return now - _parse(body["set_at"]), now if body.get("paused") else None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(f"simulated clock file {path} is unreadable: {exc}") from None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def clock_for(simulated_clock_file: Path | None) -> Clock:
    """The process's clock: the simulation's when a clock file is set (local only), else the system's."""
    return SimulatedClock(simulated_clock_file) if simulated_clock_file is not None else system_now


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_sequence = itertools.count()


def sortable_id(at: datetime) -> str:
    """A fact id that sorts by `at` (to the microsecond), then by this process's order, then at random."""
    micros = (at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros:020d}-{next(_sequence) % 10**8:08d}-{uuid.uuid4().hex[:8]}"
