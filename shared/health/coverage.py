"""The player-coverage verdicts: WARN when a game date's lines did not all arrive or its queue grew (pure)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MEASURED_DATES = 3  # the latest measured game dates judged


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


def coverage_lines(rows: list[dict[str, Any]]) -> list[CoverageVerdict]:
    """The verdict per measured date, or one PASS line saying nothing was measured yet."""
    return judge(rows) or [CoverageVerdict("-", True, "no coverage measured yet")]
