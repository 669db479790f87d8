"""The circuits section: open circuits with since when, why and what they wait for; closes of the last 24 h (pure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from shared.resilience.breaker import AUTO_RESET_REASON

NOT_CLOSED = ("open", "half_open")


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)


def fold(events: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Events oldest first -> (circuits not closed, by key; closes in order). State is the fold, not a row."""
    current: dict[str, dict[str, Any]] = {}
    closes: list[dict[str, Any]] = []
    for event in events:
        key, state = event["circuit_key"], event["state"]
        was = current.get(key)
        if state in NOT_CLOSED:
            opened_at = was["opened_at"] if was else event["occurred_at"]
            current[key] = {**event, "opened_at": opened_at}
        elif was is not None:
            del current[key]
            open_for = event["occurred_at"] - was["opened_at"]
            closes.append(
                {**event, "opened_at": was["opened_at"], "open_for": open_for, "opened_reason": was["reason"]}
            )
    return current, closes


def auto_resets(closes: list[dict[str, Any]], since: datetime) -> dict[str, int]:
    """Auto-resets (readiness saw the data) per processor since `since`."""
    counts: dict[str, int] = {}
    for close in closes:
        if close["occurred_at"] >= since and close["reason"] == AUTO_RESET_REASON:
            counts[close["processor"]] = counts.get(close["processor"], 0) + 1
    return counts


def section(
    events: list[dict[str, Any]], at: datetime, waits_for: Callable[[str, str, datetime], str]
) -> dict[str, Any]:
    """Open circuits (oldest first) and the closes of the 24 h before `at` (newest first)."""
    current, closes = fold(events)
    opened = [
        {
            "key": key,
            "state": c["state"],
            "since": c["opened_at"].isoformat(),
            "open_hours": _hours(at - c["opened_at"]),
            "failures": c["failures"] or 0,
            "reason": c["reason"] or "no reason recorded",
            "waits_for": waits_for(c["processor"], c.get("scope") or "", c["opened_at"]),
        }
        for key, c in sorted(current.items(), key=lambda kv: kv[1]["opened_at"])
    ]
    recent = [
        {
            "key": c["circuit_key"],
            "closed_at": c["occurred_at"].isoformat(),
            "open_hours": _hours(c["open_for"]),
            "why_opened": c["opened_reason"] or "no reason recorded",
            "closed_by": c["actor"] or ("readiness" if c["reason"] == AUTO_RESET_REASON else "a successful run"),
        }
        for c in reversed(closes)
        if c["occurred_at"] >= at - timedelta(hours=24)
    ]
    return {"open": opened, "closed_24h": recent}
