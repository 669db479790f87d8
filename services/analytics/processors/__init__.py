"""The processors by name, and which raw table triggers which of them."""

from __future__ import annotations

from services.analytics.processors.base import Processor, UpstreamNotReady
from services.analytics.processors.player_game_summary import PlayerGameSummary
from services.analytics.processors.upcoming_player_game_context import UpcomingPlayerGameContext
from shared.errors import BadRequest

PROCESSORS: dict[str, Processor] = {p.name: p for p in (PlayerGameSummary(), UpcomingPlayerGameContext())}


def select(names: list[str] | None, *, field: str = "processors") -> list[Processor]:
    """The named processors (all when none named); an unknown name is a 400 listing the known ones."""
    if not names:
        return list(PROCESSORS.values())
    unknown = [n for n in names if n not in PROCESSORS]
    if unknown:
        raise BadRequest(f"unknown processor {unknown[0]!r}; known: {', '.join(PROCESSORS)}", field=field)
    return [PROCESSORS[n] for n in dict.fromkeys(names)]


def triggered_by(table: str) -> list[tuple[Processor, int]]:
    """(processor, day offset) for every processor the table triggers."""
    return [(p, p.triggered_by[table]) for p in PROCESSORS.values() if table in p.triggered_by]


def trigger_map() -> dict[str, list[str]]:
    """Raw table → the processors it triggers."""
    tables = sorted({t for p in PROCESSORS.values() for t in p.triggered_by})
    return {t: [p.name for p, _ in triggered_by(t)] for t in tables}


__all__ = ["PROCESSORS", "Processor", "UpstreamNotReady", "select", "trigger_map", "triggered_by"]
