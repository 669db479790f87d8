"""The only door from the player registry to its nba_reference tables (reads and MERGEs through Warehouse)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.analytics.registry.sql import PASS_INPUTS_SQL
from shared.players.registry import Registry, Sighting, player_row
from shared.reference import player_source_ids, player_teams, players, unresolved_players
from shared.warehouse import Warehouse

_SIGHTINGS = """
SELECT 'espn' AS source, espn_player_id AS source_player_id, ANY_VALUE(player_name) AS name, team_tricode AS team,
  MIN(roster_date) AS first_seen, MAX(roster_date) AS last_seen
FROM nba_raw.espn_rosters WHERE roster_date BETWEEN @start_date AND @end_date
GROUP BY espn_player_id, team_tricode
UNION ALL
SELECT 'bdl' AS source, CAST(bdl_player_id AS STRING) AS source_player_id, ANY_VALUE(player_name) AS name,
  team_tricode AS team, MIN(game_date) AS first_seen, MAX(game_date) AS last_seen
FROM nba_raw.bdl_box_scores WHERE game_date BETWEEN @start_date AND @end_date
GROUP BY bdl_player_id, team_tricode
"""


def load_registry(wh: Warehouse) -> Registry:
    """The whole registry (a few thousand rows: every player, source id and team span)."""
    registry = Registry()
    for row in players.names(wh):
        registry.names[row["player_id"]] = row["player_name"]
    for row in player_source_ids.all_ids(wh):
        registry.source_ids[(row["source"], row["source_player_id"])] = row["player_id"]
    for row in player_teams.spans(wh):
        registry.teams[(row["player_id"], row["team_tricode"])] = (row["first_seen"], row["last_seen"])
    return registry


def sightings(wh: Warehouse, start: date, end: date) -> list[Sighting]:
    """ESPN roster and BDL box-score ids per team in the range, with the names printed."""
    rows = wh.query(_SIGHTINGS, start_date=start, end_date=end)
    return [
        Sighting(r["source"], r["source_player_id"], r["name"], r["team"], r["first_seen"], r["last_seen"])
        for r in rows
    ]


def save_registry(
    wh: Warehouse,
    registry: Registry,
    touched: set[str],
    source_ids: dict[tuple[str, str], tuple[str, str, str]],
    now: datetime,
) -> None:
    """MERGE the touched players, their team spans and new source ids."""
    if source_ids:
        player_source_ids.merge(
            wh,
            [
                {
                    "source": s,
                    "source_player_id": sid,
                    "player_id": p,
                    "player_name": n,
                    "matched_by": m,
                    "updated_at": now,
                }
                for (s, sid), (p, n, m) in source_ids.items()
            ],
        )
    if touched:
        players.merge(wh, [{**player_row(registry, p), "updated_at": now} for p in sorted(touched)])
        spans = [
            {"player_id": p, "team_tricode": t, "first_seen": a, "last_seen": b, "updated_at": now}
            for (p, t), (a, b) in registry.teams.items()
            if p in touched
        ]
        player_teams.merge(wh, spans)


@dataclass(frozen=True)
class PassInputs:
    """The names still without a player, and what resolving them in Python needs."""

    pending: list[dict[str, Any]]  # one row per spelling and team pair, with its game dates ('2026-11-02,...')
    rosters: Registry  # the registry's players with their team spans
    aliases: dict[tuple[str, str], str]  # (source, alias_lookup) → player_id, as people decided
    queue: dict[tuple[Any, ...], dict[str, Any]]  # the range's queue rows by key
    settled: dict[tuple[Any, ...], str]  # open queue rows' keys the map now gives a player → that player


def pass_inputs(wh: Warehouse, start: date, end: date) -> PassInputs:
    """The range's names still without a player, players with team spans, people's aliases and the range's queue
    rows (with the player the map gives each now), in one query."""
    found = wh.query(PASS_INPUTS_SQL, start_date=start, end_date=end)[0]
    rosters = Registry()
    for row in found["rosters"]:
        rosters.names[row["player_id"]] = row["player_name"]
        rosters.teams[(row["player_id"], row["team_tricode"])] = (row["first_seen"], row["last_seen"])
    aliases = {(r["source"], r["alias_lookup"]): r["player_id"] for r in found["aliases"]}
    mapped_to = {_key(r): r.pop("mapped_to") for r in found["queue"]}
    queue = _by_key(found["queue"])
    settled = {k: p for k, p in mapped_to.items() if p and queue[k]["status"] == "open"}
    return PassInputs(found["pending"], rosters, aliases, queue, settled)


def queue_of_range(wh: Warehouse, start: date, end: date) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Every queue row of the range (open or resolved) by key, to fold times seen and first seen."""
    return _by_key(unresolved_players.of_range(wh, start, end))


def _by_key(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {_key(r): r for r in rows}


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["source"], row["game_date"], row["team_a"], row["team_b"], row["name_lookup"])
