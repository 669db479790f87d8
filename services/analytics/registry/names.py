"""Resolve every distinct prop-line name of a date range in one pass; write the map SQL joins and the queue."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.analytics.registry.store import aliases, open_queue
from shared.players import Candidate, Game, Resolution, Resolver, Rules
from shared.players.registry import TEAM_WINDOW, Registry
from shared.players.resolver import Roster, resolve_in_game
from shared.warehouse import Warehouse

# The teams of a prop row's game: the Odds API names both; BettingPros through its event (else the listed team).
PROP_NAMES_SQL = """
SELECT 'odds_api' AS source, game_date, COALESCE(home_team_tricode, '') AS team_a,
  COALESCE(away_team_tricode, '') AS team_b, player_lookup AS name_lookup, ANY_VALUE(player_name) AS raw_name
FROM nba_raw.oddsa_player_props
WHERE game_date BETWEEN @start_date AND @end_date AND points_line IS NOT NULL
GROUP BY game_date, team_a, team_b, name_lookup
UNION ALL
SELECT 'bettingpros' AS source, p.game_date, COALESCE(e.home_team_tricode, p.team_tricode, '') AS team_a,
  COALESCE(e.away_team_tricode, p.team_tricode, '') AS team_b, p.player_lookup AS name_lookup,
  ANY_VALUE(p.player_name) AS raw_name
FROM nba_raw.bp_player_props AS p
LEFT JOIN nba_raw.bp_events AS e ON e.event_id = p.event_id AND e.game_date = p.game_date
WHERE p.game_date BETWEEN @start_date AND @end_date AND p.points_line IS NOT NULL
GROUP BY p.game_date, team_a, team_b, name_lookup
"""

# Names a run still has to resolve: new ones, and those still unresolved (a person may have answered since).
NEW_PROP_NAMES_SQL = f"""
SELECT p.* FROM ({PROP_NAMES_SQL}) AS p
LEFT JOIN nba_reference.resolved_names AS n
  ON n.source = p.source AND n.game_date = p.game_date AND n.team_a = p.team_a AND n.team_b = p.team_b
  AND n.name_lookup = p.name_lookup AND n.game_date BETWEEN @start_date AND @end_date
WHERE n.player_id IS NULL
"""

# The cheap rule, set-based in SQL: a name equal to exactly one registry player's on the game's two teams (within
# the registry's team window) is mapped in one MERGE; only the rest travel to Python. Same answer as the
# resolver's exact step, which runs first there too.
EXACT_MERGE_SQL = f"""
MERGE nba_reference.resolved_names AS T
USING (
  SELECT n.source, n.game_date, n.team_a, n.team_b, n.name_lookup, ANY_VALUE(p.player_id) AS player_id,
    ARRAY_AGG(pt.team_tricode ORDER BY pt.last_seen DESC LIMIT 1)[OFFSET(0)] AS team_tricode,
    'exact' AS method, 100.0 AS score, @processed_at AS processed_at
  FROM ({PROP_NAMES_SQL}) AS n
  JOIN nba_reference.player_teams AS pt
    ON pt.team_tricode IN (n.team_a, n.team_b)
    AND n.game_date BETWEEN DATE_SUB(pt.first_seen, INTERVAL {TEAM_WINDOW.days} DAY)
    AND DATE_ADD(pt.last_seen, INTERVAL {TEAM_WINDOW.days} DAY)
  JOIN nba_reference.players AS p ON p.player_id = pt.player_id AND p.player_lookup = n.name_lookup
  WHERE n.name_lookup != ''
  GROUP BY n.source, n.game_date, n.team_a, n.team_b, n.name_lookup
  HAVING COUNT(DISTINCT p.player_id) = 1
) AS S
ON T.source = S.source AND T.game_date = S.game_date AND T.team_a = S.team_a AND T.team_b = S.team_b
  AND T.name_lookup = S.name_lookup
WHEN MATCHED THEN UPDATE SET player_id = S.player_id, team_tricode = S.team_tricode, method = S.method,
  score = S.score, processed_at = S.processed_at
WHEN NOT MATCHED THEN INSERT (source, game_date, team_a, team_b, name_lookup, player_id, team_tricode, method, score,
  processed_at)
VALUES (S.source, S.game_date, S.team_a, S.team_b, S.name_lookup, S.player_id, S.team_tricode, S.method, S.score,
  S.processed_at)
"""


@dataclass(frozen=True)
class NamePass:
    """How one pass went: names still to resolve, resolved by method, and the unresolved rows queued."""

    seen: int
    by_method: dict[str, int]
    queued: list[dict[str, Any]]
    seconds: dict[str, float]  # query, python, write


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
    """Each distinct (source, game, name) row with its resolution and the player's team: pure, one pass."""
    rosters = Rosters(registry)
    results = []
    for row in rows:
        teams = (row["team_a"], row["team_b"])
        home, away = rosters.of(teams[0], row["game_date"]), rosters.of(teams[1], row["game_date"])
        game = Game(row["game_date"], teams)
        found = resolve_in_game(
            resolver, row["source"], row["raw_name"], game, (home, away) if teams[0] != teams[1] else (home,)
        )
        team = _team(found.player_id, home, away) if found.player_id else None
        results.append((row, found, team if team != "?" else rosters.team_of(str(found.player_id), teams)))
    return results


def _team(player_id: str | None, home: Roster, away: Roster) -> str:
    """The roster the player is on, or '?' when he is on both (a recent trade: the registry decides)."""
    on = [r.team for r in (home, away) if player_id in r.ids]
    return on[0] if len(set(on)) == 1 else "?"


def resolve_prop_names(
    wh: Warehouse, registry: Registry, rules: Rules, start: date, end: date, now: datetime, queue: dict | None = None
) -> NamePass:
    """Resolve the range's names, MERGE resolved_names, fold the unresolved into the queue."""
    started = time.perf_counter()
    wh.execute(EXACT_MERGE_SQL, start_date=start, end_date=end, processed_at=now)
    rows = wh.query(NEW_PROP_NAMES_SQL, start_date=start, end_date=end)
    resolver = Resolver(rules, aliases(wh))
    queried = time.perf_counter()
    results = resolve_rows(rows, registry, resolver)
    resolved = time.perf_counter()
    mapped = [
        {**_key(row), "player_id": r.player_id, "team_tricode": team, "method": r.method, "score": r.score,
         "processed_at": now}
        for row, r, team in results if r.player_id is not None
    ]  # fmt: skip
    if mapped:
        wh.load_rows("nba_reference.resolved_names", mapped)
    queued = queue_rows(results, open_queue(wh, start, end) if queue is None else queue, now)
    if queued:
        wh.load_rows("nba_reference.unresolved_players", queued)
    methods: dict[str, int] = defaultdict(int)
    for _, r, _team in results:
        methods[r.method] += 1
    seconds = {"query": queried - started, "python": resolved - queried, "write": time.perf_counter() - resolved}
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
                rows.append({**before, "status": "resolved", "resolved_player_id": found.player_id, "last_seen": now})
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
