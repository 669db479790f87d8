"""The player-coverage check: WARNING when a game date's lines did not all arrive or its queue grew."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from shared.log import log_event
from shared.reference import player_coverage
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CoverageVerdict:
    """One game date: OK, or WARN naming the names; never fails verify on its own."""

    game_date: Any
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'PASS' if self.ok else 'WARN'}  player coverage [{self.game_date}]: {self.detail}"


def judge(rows: list[dict[str, Any]]) -> list[CoverageVerdict]:
    """History rows (newest = 1 is the latest measurement of its date) → one verdict per date. Pure."""
    by_date: dict[Any, dict[int, dict[str, Any]]] = {}
    for row in rows:
        by_date.setdefault(row["game_date"], {})[int(row["newest"])] = row
    verdicts = []
    for day, runs in sorted(by_date.items(), reverse=True):
        latest, before = runs[1], runs.get(2)
        short = latest["players_reached"] < latest["players_with_line"]
        previous = before["unresolved"] if before is not None else latest["unresolved"]
        grew = latest["unresolved"] > previous
        detail = (
            f"{latest['players_reached']}/{latest['players_with_line']} lines reached the context table, "
            f"{latest['unresolved']} unresolved" + (f" (was {previous})" if grew else "")
        )
        missing = json.loads(latest["missing"] or "[]")
        if missing:
            detail += f"; missing: {', '.join(missing)}"
        queued = json.loads(latest.get("spellings_queued") or "[]")  # their players reached: never a WARN alone
        if queued:
            detail += f"; spelling queued: {', '.join(queued)}"
        verdicts.append(CoverageVerdict(day, not (short or grew), detail))
    return verdicts


def player_coverage_check(wh: Warehouse, dates: int = 3) -> list[CoverageVerdict]:
    """The latest `dates` measured game dates; each WARN is also logged at WARNING (event=player_coverage_alert)."""
    verdicts = judge(player_coverage.recent_measurements(wh, dates))
    for v in verdicts:
        if not v.ok:
            log_event(logger, str(v), event="player_coverage_alert", level=logging.WARNING, game_date=str(v.game_date))
    return verdicts or [CoverageVerdict("-", True, "no coverage measured yet")]
