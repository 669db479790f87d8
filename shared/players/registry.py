"""Build the registry from sightings of source ids (ESPN rosters, BDL box scores): pure, idempotent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.names import player_lookup
from shared.players.normalise import parts
from shared.players.resolver import Candidate, Game, Resolution, Resolver

SOURCE_ORDER = ("espn", "bdl")  # ESPN names keep accents, so its spelling names the player when both exist
TEAM_WINDOW = timedelta(days=45)  # a player counts for a team this long after he was last seen on it


@dataclass(frozen=True, slots=True)
class Sighting:
    """One source id seen on one team between two dates, with the name that source printed."""

    source: str
    source_player_id: str
    name: str
    team: str
    first_seen: date
    last_seen: date


@dataclass
class Registry:
    """Players by id, source ids, and team history (player_id, team) → [first_seen, last_seen]."""

    names: dict[str, str] = field(default_factory=dict)
    source_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    teams: dict[tuple[str, str], tuple[date, date]] = field(default_factory=dict)

    def roster(self, team: str, start: date, end: date) -> list[Candidate]:
        """Players seen on `team` within TEAM_WINDOW of start..end (a traded player counts for both teams a while)."""
        return [
            Candidate(player_id, self.names[player_id], t)
            for (player_id, t), (first, last) in self.teams.items()
            if t == team and first - TEAM_WINDOW <= end and start <= last + TEAM_WINDOW and player_id in self.names
        ]


@dataclass
class Changes:
    """What a build adds: source ids (with how they matched), touched players, and sightings left for a person."""

    source_ids: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    players: set[str] = field(default_factory=set)
    queued: list[tuple[Sighting, Resolution]] = field(default_factory=list)


def build(registry: Registry, sightings: Iterable[Sighting], resolver: Resolver) -> Changes:
    """Fold sightings into `registry` (in place); a new id is matched on its team's roster or becomes a player."""
    changes = Changes()
    ordered = sorted(sightings, key=lambda s: (SOURCE_ORDER.index(s.source), s.first_seen, s.source_player_id))
    for seen in ordered:
        key = (seen.source, seen.source_player_id)
        player_id = registry.source_ids.get(key)
        if player_id is None:
            player_id, method = _match(registry, seen, resolver, changes)
            if player_id is None:
                continue
            registry.source_ids[key] = player_id
            changes.source_ids[key] = (player_id, seen.name, method)
            changes.players.add(player_id)
        registry.names.setdefault(player_id, seen.name)
        before = registry.teams.get((player_id, seen.team))
        first, last = before or (seen.first_seen, seen.last_seen)
        span = (min(first, seen.first_seen), max(last, seen.last_seen))
        if span != before:  # only players whose rows change are written again
            registry.teams[(player_id, seen.team)] = span
            changes.players.add(player_id)
    return changes


def _match(registry: Registry, seen: Sighting, resolver: Resolver, changes: Changes) -> tuple[str | None, str]:
    taken = {p for (source, _), p in registry.source_ids.items() if source == seen.source}
    # One person holds one id per source: players that already have another id of this source are not candidates.
    roster = [c for c in registry.roster(seen.team, seen.first_seen, seen.last_seen) if c.player_id not in taken]
    found = resolver.resolve(seen.source, seen.name, Game(seen.last_seen, (seen.team, seen.team)), roster)
    if found.player_id is not None:
        return found.player_id, found.method
    if found.method in ("no_match", "no_candidates") and not _looks_like_someone(seen.name, roster):
        new_id = f"{seen.source}-{seen.source_player_id}"
        registry.names[new_id] = seen.name
        return new_id, "new"
    changes.queued.append((seen, found))
    return None, found.method


def _looks_like_someone(name: str, roster: list[Candidate]) -> bool:
    """Same last name and first initial as a roster player ('J. Williams' vs 'Jalen Williams'): a person decides."""
    raw = parts(name)
    return any((p := parts(c.name)).last == raw.last and p.first[:1] == raw.first[:1] and raw.last for c in roster)


def player_row(registry: Registry, player_id: str) -> dict[str, object]:
    """The `nba_reference.players` row for one player (without updated_at)."""
    ids = {source: sid for (source, sid), p in registry.source_ids.items() if p == player_id}
    spans = {t: span for (p, t), span in registry.teams.items() if p == player_id}
    latest = max(spans, key=lambda t: spans[t][1]) if spans else None
    name = registry.names[player_id]
    bdl = ids.get("bdl")
    return {
        "player_id": player_id,
        "player_name": name,
        "player_lookup": player_lookup(name),
        "espn_player_id": ids.get("espn"),
        "bdl_player_id": int(bdl) if bdl and bdl.isdigit() else None,
        "team_tricode": latest,
        "first_seen": min(s[0] for s in spans.values()) if spans else None,
        "last_seen": max(s[1] for s in spans.values()) if spans else None,
    }
