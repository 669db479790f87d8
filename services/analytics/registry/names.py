"""Resolve every distinct prop-line name of a date range in one pass; write the map SQL joins and the queue."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.analytics.registry.sql import NAMES_MERGE_SQL
from services.analytics.registry.store import pass_inputs
from shared.players import Candidate, Game, Resolution, Resolver, Rules
from shared.players.registry import TEAM_WINDOW, Registry
from shared.players.roster import Roster, resolve_in_game
from shared.reference import resolved_names, unresolved_players
from shared.warehouse import Warehouse


@dataclass(frozen=True)
class NamePass:
    """How one pass went: names still to resolve, resolved by method, the unresolved rows queued, the steps run."""

    seen: int
    by_method: dict[str, int]
    queued: list[dict[str, Any]]
    seconds: dict[str, float]  # query (with the Python pass), write
    steps: tuple[str, ...] = ("names",)  # () when nothing had changed since the last pass
    wall_s: float = 0.0  # the whole preparation, the skip check included
    statements: int = 0  # warehouse calls it made

    @classmethod
    def nothing(cls) -> NamePass:
        """A pass with nothing to do."""
        return cls(0, {}, [], {}, ())


class Rosters:
    """Registry candidates per (team, date), indexed once per pass; an unchanged roster is one shared object."""

    def __init__(self, registry: Registry) -> None:
        self.by_team: dict[str, list[tuple[str, date, date]]] = defaultdict(list)
        for (player_id, team), (first, last) in registry.teams.items():
            if player_id in registry.names:
                self.by_team[team].append((player_id, first, last))
        self.names = registry.names
        self._cache: dict[tuple[str, date], Roster] = {}
        self._same: dict[tuple[str, ...], Roster] = {}

    def of(self, team: str, on: date) -> Roster:
        """The team's candidates on `on`."""
        key = (team, on)
        if key not in self._cache:
            ids = tuple(
                p for p, first, last in self.by_team.get(team, []) if first - TEAM_WINDOW <= on <= last + TEAM_WINDOW
            )
            if (team, *ids) not in self._same:
                self._same[(team, *ids)] = Roster.of(team, (Candidate(p, self.names[p], team) for p in ids))
            self._cache[key] = self._same[(team, *ids)]
        return self._cache[key]

    def team_of(self, player_id: str, teams: tuple[str, str]) -> str | None:
        """The player's latest team of the two (a traded player may be on both rosters a while)."""
        spans = [(last, t) for t in teams for p, _, last in self.by_team.get(t, []) if p == player_id]
        return max(spans)[1] if spans else None


Resolved = tuple[dict[str, Any], Resolution, str | None]


def resolve_rows(rows: list[dict[str, Any]], registry: Registry, resolver: Resolver) -> list[Resolved]:
    """Each distinct (source, game, name) row with its resolution and the player's team: pure, one pass. A spelling
    met again with the same two rosters (most of a season's dates) is answered once."""
    rosters = Rosters(registry)
    answered: dict[tuple[Any, ...], tuple[Resolution, str | None]] = {}
    results = []
    for row in rows:
        teams = (row["team_a"], row["team_b"])
        home, away = rosters.of(teams[0], row["game_date"]), rosters.of(teams[1], row["game_date"])
        key = (row["source"], row["raw_name"], teams, id(home), id(away))  # rosters live as long as `rosters`
        if key not in answered:
            game = Game(row["game_date"], teams)
            found = resolve_in_game(
                resolver, row["source"], row["raw_name"], game, (home, away) if teams[0] != teams[1] else (home,)
            )
            team = _team(found.player_id, home, away) if found.player_id else None
            answered[key] = (found, team if team != "?" else rosters.team_of(str(found.player_id), teams))
        results.append((row, *answered[key]))
    return results


def _team(player_id: str | None, home: Roster, away: Roster) -> str:
    """The roster the player is on, or '?' when he is on both (a recent trade: the registry decides)."""
    on = [r.team for r in (home, away) if player_id in r.ids]
    return on[0] if len(set(on)) == 1 else "?"


def resolve_prop_names(
    wh: Warehouse, registry: Registry | None, rules: Rules, start: date, end: date, now: datetime
) -> NamePass:
    """Put the range's new names in the map in SQL (exact ones mapped), resolve the rest in Python (read with the
    registry, aliases and queue in one query), MERGE what it mapped, fold the unresolved into the queue and close
    the queue rows whose names now have a player."""
    started = time.perf_counter()
    wh.execute(NAMES_MERGE_SQL, start_date=start, end_date=end, processed_at=now)
    inputs = pass_inputs(wh, start, end)
    rows = [
        {**spelling, "game_date": date.fromisoformat(day)}
        for spelling in inputs.pending
        for day in spelling["game_dates"].split(",")
    ]
    results = resolve_rows(rows, registry or inputs.rosters, Resolver(rules, inputs.aliases)) if rows else []
    queried = time.perf_counter()
    mapped = [
        {**_key(row), "player_id": r.player_id, "team_tricode": team, "method": r.method, "score": r.score,
         "raw_name": row["raw_name"], "processed_at": now}
        for row, r, team in results if r.player_id is not None
    ]  # fmt: skip
    if mapped:
        resolved_names.merge(wh, mapped)
    queued = queue_rows(results, inputs.queue, now) + settled_rows(inputs.settled, inputs.queue, now)
    if queued:
        unresolved_players.merge(wh, queued)
    methods: dict[str, int] = defaultdict(int)
    for _, r, _team in results:
        methods[r.method] += 1
    seconds = {"query": queried - started, "write": time.perf_counter() - queried}
    return NamePass(len(results), dict(methods), [q for q in queued if q["status"] == "open"], seconds)


def _key(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("source", "game_date", "team_a", "team_b", "name_lookup")}


def queue_rows(results: list[Resolved], existing: dict[tuple, dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Open rows for names still unresolved (first seen kept, times seen + 1); resolved ones closed."""
    rows = []
    for row, found, _team in results:
        key = tuple(_key(row).values())
        before = existing.get(key)
        if found.player_id is not None:
            if before is not None and before["status"] == "open":
                rows.append(_closed(before, found.player_id, now))
            continue
        rows.append(
            {
                **_key(row),
                "raw_name": (row["raw_name"] or "")[:200],
                "reason": found.method,
                "candidates": json.dumps(
                    [{"player_id": c.player_id, "name": c.name, "score": c.score} for c in found.candidates]
                ),
                "first_seen": before["first_seen"] if before else now,
                "last_seen": now,
                "times_seen": (before["times_seen"] if before else 0) + 1,
                "status": "open",
                "resolved_player_id": None,
            }
        )
    return rows


def settled_rows(
    settled: dict[tuple, str], existing: dict[tuple, dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    """Open queue rows whose name the map gives a player now (matched exactly in SQL), closed with it."""
    return [_closed(existing[key], player_id, now) for key, player_id in settled.items()]


def _closed(row: dict[str, Any], player_id: str, now: datetime) -> dict[str, Any]:
    return {**row, "status": "resolved", "resolved_player_id": player_id, "last_seen": now}
