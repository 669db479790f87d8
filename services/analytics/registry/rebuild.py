"""Rebuild the registry for a date range, then resolve that range's prop names: what every processor runs first."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import replace
from datetime import date, datetime

from services.analytics.registry import snapshot
from services.analytics.registry.names import NamePass, Resolved, queue_rows, resolve_prop_names
from services.analytics.registry.snapshot import LOOKBACK, SIGHTINGS, Snapshot
from services.analytics.registry.store import load_registry, queue_of_range, save_registry, sightings
from shared.log import log_event
from shared.names import player_lookup
from shared.players import Resolver, load_rules
from shared.players.registry import Changes, Registry, build
from shared.reference import players, unresolved_players
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
# The inputs as this instance's last complete preparation of a range found them: a cache of work done, checked
# against the warehouse before it is trusted (a scraper's or a person's write shows as a change).
RangeKey = tuple[str, date, date]  # (the registry's table, start, end)
_PREPARED: dict[RangeKey, Snapshot] = {}
_PREPARED_MAX = 512
# Ranges prepared by the processors of the trigger being handled (None outside one).
_THIS_TRIGGER: ContextVar[set[RangeKey] | None] = ContextVar("players_this_trigger", default=None)


@contextlib.contextmanager
def one_preparation_per_trigger() -> Iterator[None]:
    """The processors a trigger runs share one preparation per range: the later ones skip even the check. Data
    landing meanwhile loses nothing, as its load sends a trigger of its own."""
    token = _THIS_TRIGGER.set(set())
    try:
        yield
    finally:
        _THIS_TRIGGER.reset(token)


def forget_prepared() -> None:
    """Forget every range this instance prepared: its next pass over any range runs in full."""
    _PREPARED.clear()


def rebuild_registry(wh: Warehouse, start: date, end: date, now: datetime) -> tuple[Registry, Changes]:
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
        unresolved_players.merge(wh, queue_rows(results, queue_of_range(wh, start - LOOKBACK, end), now))
    return registry, changes


def _prepared(key: RangeKey, inputs: Snapshot, this_trigger: set[RangeKey] | None) -> None:
    """Note a complete preparation of the range: for this instance, and for the trigger being handled."""
    if len(_PREPARED) >= _PREPARED_MAX and key not in _PREPARED:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[key] = inputs
    if this_trigger is not None:
        this_trigger.add(key)


def prepare_players(wh: Warehouse, start: date, end: date, now: datetime, *, force: bool = False) -> NamePass:
    """Registry rebuilt, then every prop name of the range resolved or queued (logged with the counts); skipped
    when none of the inputs changed since this instance last prepared the same range, or when the trigger being
    handled has prepared it already."""
    started, calls = time.perf_counter(), wh.calls.total()
    key = (wh.table_id(players.TABLE), start, end)
    this_trigger = _THIS_TRIGGER.get()
    if this_trigger is not None and key in this_trigger and not force:
        return replace(NamePass.nothing(), wall_s=time.perf_counter() - started)
    last = None if force else _PREPARED.get(key)
    inputs = snapshot.take(wh, start, end)  # before any step: whatever lands meanwhile is seen by the next run
    if inputs.same(last):
        _prepared(key, inputs, this_trigger)
        return replace(NamePass.nothing(), wall_s=time.perf_counter() - started, statements=wh.calls.total() - calls)
    registry, changes = None, Changes()
    if not inputs.same(last, SIGHTINGS):
        registry, changes = rebuild_registry(wh, start, end, now)
    names = resolve_prop_names(wh, registry, load_rules(), start, end, now)
    steps = ("registry", *names.steps) if registry is not None else names.steps
    names = replace(names, steps=steps, wall_s=time.perf_counter() - started, statements=wh.calls.total() - calls)
    _prepared(key, inputs, this_trigger)
    log_event(
        logger,
        f"players: {len(changes.source_ids)} new source ids, {names.seen} prop names, {len(names.queued)} unresolved",
        event="player_resolution",
        start=str(start),
        end=str(end),
        steps=list(names.steps),
        by_method=names.by_method,
        seconds={k: round(v, 3) for k, v in names.seconds.items()},
        statements=names.statements,
        unresolved=[f"{q['source']}:{q['raw_name']}" for q in names.queued][:50],
    )
    return names
