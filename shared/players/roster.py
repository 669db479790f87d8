"""A team's candidates indexed by normalised name once, and the exact step answered from that index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shared.players.resolver import Candidate, Game, Resolution, Resolver, _parts


@dataclass(frozen=True)
class Roster:
    """One team's candidates with an index by normalised name, built once and reused for every name."""

    team: str
    players: tuple[Candidate, ...]
    by_lookup: dict[str, tuple[Candidate, ...]]
    ids: frozenset[str]

    @classmethod
    def of(cls, team: str, players: Iterable[Candidate]) -> Roster:
        listed = tuple(players)
        index: dict[str, list[Candidate]] = {}
        for c in listed:
            index.setdefault(_parts(c.name).lookup, []).append(c)
        return cls(team, listed, {k: tuple(v) for k, v in index.items()}, frozenset(c.player_id for c in listed))


def resolve_in_game(
    resolver: Resolver, source: str, raw_name: str, game: Game, rosters: Sequence[Roster]
) -> Resolution:
    """`Resolver.resolve` with the exact step answered from the rosters' indexes (same answers, far fewer loops)."""
    lookup = _parts(raw_name).lookup if raw_name and len(raw_name) <= resolver.rules.max_name_length else ""
    exact = {c.player_id for r in rosters if r.team in game.teams for c in r.by_lookup.get(lookup, ())}
    if lookup and len(exact) == 1 and source in resolver.rules.sources:
        return Resolution(exact.pop(), "exact", 100.0)
    return resolver.resolve(source, raw_name, game, [c for r in rosters for c in r.players])
