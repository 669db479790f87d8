"""Rebuild the registry for a date range, then resolve that range's prop names: what every processor runs first."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from services.analytics.registry.names import NamePass, Resolved, queue_rows, resolve_prop_names
from services.analytics.registry.store import load_registry, open_queue, save_registry, sightings
from shared.log import log_event
from shared.names import player_lookup
from shared.players import Resolver, load_rules
from shared.players.registry import Changes, Registry, build
from shared.warehouse import Warehouse

LOOKBACK = timedelta(days=30)  # the context table reads rosters up to 30 days old
logger = logging.getLogger(__name__)


def rebuild_registry(
    wh: Warehouse, start: date, end: date, now: datetime, queue: dict | None = None
) -> tuple[Registry, Changes]:
    """Fold ESPN roster and BDL box-score ids of [start - 30 days, end] into the registry; idempotent."""
    registry = load_registry(wh)
    changes = build(registry, sightings(wh, start - LOOKBACK, end), Resolver(load_rules()))
    save_registry(wh, registry, changes.players, changes.source_ids, now)
    if changes.queued:
        results: list[Resolved] = [
            ({"source": s.source, "game_date": s.last_seen, "team_a": s.team, "team_b": s.team,
              "name_lookup": player_lookup(s.name) or "?", "raw_name": s.name}, found, None)
            for s, found in changes.queued
        ]  # fmt: skip
        wh.load_rows(
            "nba_reference.unresolved_players", queue_rows(results, open_queue(wh, start - LOOKBACK, end), now)
        )
    return registry, changes


def prepare_players(wh: Warehouse, start: date, end: date, now: datetime) -> NamePass:
    """Registry rebuilt, then every prop name of the range resolved or queued (logged with the counts)."""
    queue = open_queue(wh, start - LOOKBACK, end)  # read once: the same statements whatever happens
    registry, changes = rebuild_registry(wh, start, end, now, queue)
    names = resolve_prop_names(wh, registry, load_rules(), start, end, now, queue)
    log_event(
        logger,
        f"players: {len(changes.source_ids)} new source ids, {names.seen} prop names, {len(names.queued)} unresolved",
        event="player_resolution",
        start=str(start),
        end=str(end),
        by_method=names.by_method,
        seconds={k: round(v, 3) for k, v in names.seconds.items()},
        unresolved=[f"{q['source']}:{q['raw_name']}" for q in names.queued][:50],
    )
    return names
