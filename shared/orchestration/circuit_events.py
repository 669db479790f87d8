"""nba_orchestration.circuit_breaker_events: append-only circuit facts, folded into each circuit's state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.resilience.circuit_fold import ANY_PERIOD, Circuit, Fact, Kind
from shared.warehouse import Warehouse

TABLE = "nba_orchestration.circuit_breaker_events"
DEFAULT_LOOKBACK = timedelta(days=7)  # a closed circuit quiet this long is no longer read; an open one always is
_CLOSING = ("succeeded", "closed_by_readiness", "manual_reset", "closed")
_COLUMNS = "event_id, circuit_key, kind, state, failures, reason, occurred_at, observed, upstream, actor"
# Every fact of each circuit that had a fact since @since, or that may be open however old: its newest fact is not
# a close, or it is a close that answered a period older than the circuit's latest opening (a stale writer's close,
# which the fold ignores).
_LIVE = f"""
WITH per AS (
  SELECT
    circuit_key,
    MAX(occurred_at) AS newest,
    ARRAY_AGG(COALESCE(kind, state) ORDER BY occurred_at DESC, event_id DESC LIMIT 1)[OFFSET(0)] AS last_kind,
    ARRAY_AGG(COALESCE(observed, '') ORDER BY occurred_at DESC, event_id DESC LIMIT 1)[OFFSET(0)] AS last_observed,
    MAX(IF(kind = 'opened' OR state = 'open', occurred_at, NULL)) AS last_open_at
  FROM {TABLE}
  GROUP BY circuit_key
),
live AS (
  SELECT per.circuit_key
  FROM per LEFT JOIN {TABLE} AS seen ON seen.event_id = per.last_observed
  WHERE per.newest >= @since
     OR per.last_kind NOT IN UNNEST(@closing)
     OR (per.last_observed != '*' AND per.last_open_at > COALESCE(seen.occurred_at, TIMESTAMP '1970-01-01 00:00:00+00'))
)
SELECT {_COLUMNS}
FROM {TABLE}
WHERE circuit_key IN (SELECT circuit_key FROM live)
ORDER BY occurred_at, event_id
"""


def append(warehouse: Warehouse, event: dict[str, Any]) -> None:
    """Append one fact (never an update)."""
    warehouse.append_rows(TABLE, [event])


def row_of(fact: Fact, *, processor: str, scope: str, circuit: Circuit) -> dict[str, Any]:
    """The table row for `fact`; `state`/`failures` are the writer's fold after it (for people reading the table)."""
    return {
        "event_id": fact.id,
        "circuit_key": fact.key,
        "processor": processor,
        "scope": scope,
        "kind": fact.kind.value,
        "state": circuit.state.value,
        "failures": circuit.failures,
        "reason": fact.reason,
        "occurred_at": fact.at,
        "observed": fact.observed,
        "upstream": fact.upstream,
        "actor": fact.actor,
    }


def fact_of(row: dict[str, Any]) -> Fact:
    """A row as a fact; a row written before facts had a kind is read by its state, taken at its word."""
    kind = row.get("kind") or ("opened" if row["state"] != "closed" else "succeeded")
    return Fact(
        id=row["event_id"],
        key=row["circuit_key"],
        kind=Kind(kind),
        at=row["occurred_at"],
        observed=row.get("observed") if row.get("kind") else ANY_PERIOD,
        reason=row.get("reason"),
        upstream=row.get("upstream"),
        actor=row.get("actor"),
    )


def live_facts(warehouse: Warehouse, since: datetime) -> list[Fact]:
    """Every fact of the circuits still worth folding: active since `since`, or possibly open however old."""
    return [fact_of(r) for r in warehouse.query(_LIVE, since=since, closing=list(_CLOSING))]


def facts_since(warehouse: Warehouse, since: datetime) -> list[Fact]:
    """Every fact of the circuits with a fact at or after `since`, oldest first (earlier facts give the context)."""
    rows = warehouse.query(
        f"SELECT {_COLUMNS} FROM {TABLE} WHERE circuit_key IN "
        f"(SELECT circuit_key FROM {TABLE} WHERE occurred_at >= @since) ORDER BY occurred_at, event_id",
        since=since,
    )
    return [fact_of(r) for r in rows]
