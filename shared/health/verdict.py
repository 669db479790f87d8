"""The top-line verdict over the checks' lines: healthy, degraded or failing, with the reasons (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from shared.health.checks import CHECKS, Line


class Level(IntEnum):
    """Ordered: the verdict is the worst level any failed line carries."""

    HEALTHY = 0
    DEGRADED = 1
    FAILING = 2

    def __str__(self) -> str:
        return self.name.lower()


# A failed check's weight: data not arriving or going stale is failing; noise the pipeline absorbs is degraded.
SEVERITY: dict[str, Level] = {
    "workflow failure rate": Level.FAILING,
    "stale tables": Level.FAILING,
    "open circuits": Level.DEGRADED,
    "retry attempts": Level.DEGRADED,
    "circuit auto-resets": Level.DEGRADED,
    "upstream budgets": Level.DEGRADED,  # short-circuited calls and skipped retries: absorbed, but worth a look
}
assert set(SEVERITY) == set(CHECKS), "every check needs a severity"


@dataclass(frozen=True)
class Verdict:
    """The level and, for each failed line, its reason (worst first)."""

    level: Level
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"verdict: {self.level}" + (f" ({'; '.join(self.reasons)})" if self.reasons else "")


def check_name(line: Line) -> str:
    """The check a line belongs to: `workflow failure rate [x]` -> `workflow failure rate`."""
    return line.check.split(" [", 1)[0]


def level_of(line: Line) -> Level:
    """HEALTHY for a passing line, else its check's severity."""
    return Level.HEALTHY if line.ok else SEVERITY[check_name(line)]


def verdict(lines: Sequence[Line]) -> Verdict:
    """The worst level among the lines; every failed line is a reason, failing ones first."""
    failed = sorted((line for line in lines if not line.ok), key=lambda line: -level_of(line))
    level = max((level_of(line) for line in failed), default=Level.HEALTHY)
    return Verdict(level, tuple(f"{line.check}: {line.detail}" for line in failed))
