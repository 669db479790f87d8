"""What one freshness run finds: each table's verdict, the game days, the missing games, what could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.freshness.config import FreshnessConfig
from services.freshness.missing_games import MissingGame, find_missing_games
from services.freshness.probes import CheckResult, check_tables
from services.freshness.rules import GameDays, Status
from shared.eastern import eastern_today
from shared.errors import ConfigError, WarehouseError
from shared.warehouse import Warehouse

_SEVERITY = {Status.WARN: "WARNING", Status.SCHEDULE_MISSING: "ERROR"}


def stale_entry(result: CheckResult) -> dict:
    """A non-OK check as the response and the alert list it (WARN is alerted at WARNING)."""
    check, verdict = result.check, result.verdict
    return {
        "table": check.table,
        "column": check.column,
        "hours_stale": verdict.hours_stale,
        "warn_after": check.warn_after,
        "error_after": check.error_after,
        "severity": _SEVERITY.get(verdict.status, check.severity),
        "issue": verdict.status.value,
        "reason": verdict.reason,
    }


@dataclass
class Findings:
    """What one run observed: each check's verdict, the game days, the missing games, and what could not be read."""

    results: list[CheckResult]
    game_days: GameDays | None
    games: list[MissingGame] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def stale(self) -> list[dict]:
        """The non-OK checks as the response and the alert list them."""
        return [stale_entry(r) for r in self.results if r.verdict.status is not Status.OK]


def find(config: FreshnessConfig, warehouse: Warehouse, lookback_days: int, now: datetime) -> Findings:
    """Check every table, then look for missing games (a failure there is an error, not a crash)."""
    results, game_days = check_tables(
        warehouse, config.enabled_checks, now=now, window_days=config.game_day_window_days
    )
    found = Findings(results, game_days)
    try:
        found.games = find_missing_games(
            warehouse, config.missing_games, today=eastern_today(now), lookback_days=lookback_days
        )
    except (WarehouseError, ConfigError) as exc:
        found.errors.append(f"missing games: {exc.message}")
    return found
