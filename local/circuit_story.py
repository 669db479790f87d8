"""What the analytics circuits did during a local run, read back from the shared events table."""

from __future__ import annotations

from datetime import datetime

from shared.eastern import ET
from shared.orchestration import circuit_events
from shared.warehouse import Warehouse


def _what(event: dict) -> str:
    if event["state"] == "open":
        return f"OPENED after {event['failures']} failures"
    if event["state"] == "closed" and event["failures"]:
        return f"failure {event['failures']} (still closed)"
    return event["state"].upper().replace("_", "-")


def circuit_story(warehouse: Warehouse, since: datetime) -> list[str]:
    """One line per circuit event since `since`: when, which circuit, the new state and why."""
    events = circuit_events.events_since(warehouse, since)
    if not events:
        return ["Circuits: none opened"]
    lines = ["Circuits (shared state in nba_orchestration.circuit_breaker_events):"]
    for e in events:
        at = e["occurred_at"].astimezone(ET).strftime("%H:%M:%S ET (real time)")
        lines.append(f"  {at}  {e['circuit_key']}  {_what(e)}: {e['reason'] or ''}")
    return lines
