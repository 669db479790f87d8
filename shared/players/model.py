"""What the resolver works with and answers: candidates, the game, scored candidates and a resolution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registry player on one of the game's teams."""

    player_id: str
    name: str
    team: str


@dataclass(frozen=True, slots=True)
class Game:
    """Where a name was seen: the game date and the two teams (a roster row names its team twice)."""

    game_date: date
    teams: tuple[str, str]


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with its fuzzy score (0-100), kept for the person who decides."""

    player_id: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """`player_id` and the step that found it, or None with the reason (ambiguous, no_match, empty_name, ...)."""

    player_id: str | None
    method: str
    score: float | None = None
    candidates: tuple[Scored, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.player_id is not None
