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
        self._offset = timedelta(0)

    def __call__(self) -> datetime:
        return self._system() + self._current_offset()

    def _current_offset(self) -> timedelta:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return timedelta(0)
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._seen:
                self._offset, self._seen = _read_offset(self.path), stamp
            return self._offset

    def set(self, now: datetime) -> None:
        """Move the simulated time to `now` for every process reading this file (atomically replaced)."""
        if now.tzinfo is None:
            raise ValueError(f"simulated time needs a zone: {now.isoformat()}")
        write_simulated_now(self.path, now, self._system())


def write_simulated_now(path: Path, now: datetime, set_at: datetime) -> None:
    """Write the file a SimulatedClock reads: `now` as of the system instant `set_at`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"now": _iso(now), "set_at": _iso(set_at)}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(json.dumps(body))
    os.replace(tmp, path)


def _read_offset(path: Path) -> timedelta:
    try:
        body = json.loads(path.read_text())
        return _parse(body["now"]) - _parse(body["set_at"])
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
