"""A clock that only moves when something sleeps on it or a fake call takes time, so tests never wait."""

from __future__ import annotations


class FakeTime:
    """Monotonic seconds starting at `start`; every sleep is recorded and advances the clock."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
