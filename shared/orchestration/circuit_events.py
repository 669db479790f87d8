"""nba_orchestration.circuit_breaker_events: append-only circuit transitions, folded into each circuit's state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.warehouse import Warehouse

TABLE = "nba_orchestration.circuit_breaker_events"
DEFAULT_LOOKBACK = timedelta(days=7)  # a circuit with no event this recent is closed for every reader
_LATEST = f"""
SELECT circuit_key, state, failures, reason, occurred_at
FROM {TABLE}
WHERE occurred_at >= @since
QUALIFY ROW_NUMBER() OVER (PARTITION BY circuit_key ORDER BY occurred_at DESC, event_id DESC) = 1
"""


def append(warehouse: Warehouse, event: dict[str, Any]) -> None:
    """Append one transition event (never an update)."""
    warehouse.append_rows(TABLE, [event])


def latest_per_circuit(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Every circuit's newest event at or after `since` (ties broken by event_id)."""
    return warehouse.query(_LATEST, since=since)


def open_circuits(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """The circuits whose newest event since `since` is `open`, by key."""
    latest = latest_per_circuit(warehouse, since)
    return sorted((r for r in latest if r["state"] == "open"), key=lambda r: r["circuit_key"])


def events_since(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Every event at or after `since`, oldest first."""
    return warehouse.query(
        f"SELECT occurred_at, circuit_key, state, failures, reason FROM {TABLE} "
        "WHERE occurred_at >= @since ORDER BY occurred_at",
        since=since,
    )


def events_between(warehouse: Warehouse, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Every event in [since, until], oldest first (ties in event_id order), with who caused it."""
    return warehouse.query(
        f"SELECT occurred_at, event_id, circuit_key, processor, scope, state, failures, reason, actor FROM {TABLE} "
        "WHERE occurred_at >= @since AND occurred_at <= @until ORDER BY occurred_at, event_id",
        since=since,
        until=until,
    )
