"""A seeded history of the nba_orchestration tables at production volume, for the status page's tests and bench.

Written through shared/orchestration's appends, the same writes the services make: per day ~20 workflow runs
and ~200 scrapes (some failed, then retried), circuits that open and auto-reset, and one freshness run.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.eastern import game_date
from shared.orchestration import circuit_events, freshness_history, scraper_runs, workflow_executions
from shared.resilience.breaker import AUTO_RESET_REASON
from shared.warehouse import Warehouse

WORKFLOWS = ("betting_lines", "injury_discovery", "morning_operations", "post_game_collection", "referee_discovery")
SCRAPERS = ("oddsa_player_props", "bp_player_props", "espn_roster", "bdl_injuries", "bdl_box_scores", "nbac_schedule")
OPEN_REASON = "Upstream not ready: no player points lines for 2026-11-28 (0 of 212 players)"
STALE_TABLE = "nba_raw.bp_player_props"


@dataclass(frozen=True)
class Volume:
    """How much history: days ending at `until`, per-day runs and scrapes, circuits and freshness checks."""

    days: int = 30
    runs_per_day: int = 20
    scrapes_per_day: int = 200
    circuits: int = 20
    checks: int = 20
    open_circuit: bool = True
    stale_table: bool = True


def _executions(rng: random.Random, day_start: datetime, n: int, day: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        started = day_start + timedelta(minutes=30 + i * 60)
        status = rng.choices(("succeeded", "partial", "failed"), (0.85, 0.1, 0.05))[0]
        failed = {"succeeded": 0, "partial": 1, "failed": 4}[status]
        errors = [{"scraper": "espn_roster", "params": {"team": "BOS"}, "status": 503, "message": "upstream 503"}]
        rows.append(
            {
                "execution_id": f"x-{started:%Y%m%d%H%M}-{i}",
                "workflow": WORKFLOWS[i % len(WORKFLOWS)],
                "execution_date": day,
                "started_at": started,
                "finished_at": started + timedelta(seconds=20),
                "status": status,
                "requested": 4,
                "succeeded": 4 - failed,
                "no_data": 0,
                "failed": failed,
                "attempts": 4 + failed * 3,
                "retries": failed * 3,
                "retries_json": json.dumps({"espn_roster": failed * 3}) if failed else None,
                "duration_s": 20.0,
                "error_message": f"espn_roster(team=BOS) 503: upstream 503 ({status})" if failed else None,
                "errors_json": json.dumps(errors * failed) if failed else None,
            }
        )
    return rows


def _scrapes(rng: random.Random, day_start: datetime, n: int) -> list[dict[str, Any]]:
    rows, i = [], 0
    while i < n:
        started = day_start + timedelta(seconds=i * (20 * 3600 // n))
        scraper = SCRAPERS[i % len(SCRAPERS)]
        failed = rng.random() < 0.08
        for attempt in range(2 if failed else 1):
            rows.append(
                {
                    "run_id": f"r-{started:%Y%m%d%H%M%S}-{i}-{attempt}",
                    "scraper": scraper,
                    "params": json.dumps({"n": i}),
                    "status": "failed" if failed and attempt == 0 else "success",
                    "rows": 0 if failed and attempt == 0 else 30,
                    "duration_s": 0.4,
                    "error_message": "upstream 503" if failed and attempt == 0 else None,
                    "started_at": started + timedelta(seconds=2 * attempt),
                    "finished_at": started + timedelta(seconds=2 * attempt + 1),
                }
            )
        i += 2 if failed else 1
    return rows


def _circuit(key: str, at: datetime, state: str, reason: str | None, n: int, failures: int = 0) -> dict[str, Any]:
    processor, _, scope = key.partition(":")
    return {
        "event_id": f"{at:%Y%m%d%H%M%S}-{n:04d}",
        "circuit_key": key,
        "processor": processor,
        "scope": scope,
        "state": state,
        "reason": reason,
        "failures": failures,
        "occurred_at": at,
        "actor": None,
    }


def _circuits(until: datetime, volume: Volume) -> list[dict[str, Any]]:
    events = []
    for n in range(volume.circuits):
        opened = until - timedelta(hours=6 * (n + 1))
        key = f"upcoming_player_game_context:{(game_date(until) - timedelta(days=n)).isoformat()}"
        last = n == 0 and volume.open_circuit
        events.append(_circuit(key, opened, "open", OPEN_REASON if last else "Upstream not ready: props", 3 * n, 3))
        if not last:
            events.append(_circuit(key, opened + timedelta(hours=2), "closed", AUTO_RESET_REASON, 3 * n + 1))
    return events


def _freshness(until: datetime, days: int, volume: Volume) -> list[dict[str, Any]]:
    rows = []
    for d in range(days):
        checked = until - timedelta(days=d, hours=1)
        for c in range(volume.checks):
            table = STALE_TABLE if c == 0 else f"nba_raw.table_{c:02d}"
            stale = d == 0 and c == 0 and volume.stale_table
            rows.append(
                {
                    "check_id": f"f-{checked:%Y%m%d%H%M}",
                    "checked_at": checked,
                    "table_name": table,
                    "column_name": "processed_at",
                    "status": "STALE" if stale else "OK",
                    "hours_stale": 30.5 if stale else 2.0,
                    "warn_after": 8.0,
                    "error_after": 12.0,
                    "severity": "ERROR",
                    "reason": "newest row 30.5 h old, error after 12 h" if stale else None,
                }
            )
    return rows


def seed(warehouse: Warehouse, until: datetime, volume: Volume = Volume(), seed_value: int = 7) -> dict[str, int]:
    """Write the history ending just before `until`; returns the rows written per table."""
    rng = random.Random(seed_value)
    executions, scrapes = [], []
    for d in range(volume.days, 0, -1):
        day_start = until - timedelta(days=d)
        executions += _executions(rng, day_start, volume.runs_per_day, game_date(day_start))
        scrapes += _scrapes(rng, day_start, volume.scrapes_per_day)
    workflow_executions.append(warehouse, executions)
    scraper_runs.append(warehouse, scrapes)
    events = _circuits(until, volume)
    for event in events:
        circuit_events.append(warehouse, event)
    checks = _freshness(until, min(volume.days, 7), volume)
    games = [
        {
            "check_id": checks[0]["check_id"],
            "checked_at": checks[0]["checked_at"],
            "game_id": "0022600311",
            "game_date": game_date(until) - timedelta(days=1),
            "source_table": "nba_raw.bdl_box_scores",
            "players_found": 0,
            "issue": "missing",
        }
    ]
    freshness_history.append(warehouse, checks, games)
    return {
        "workflow_executions": len(executions),
        "scraper_runs": len(scrapes),
        "circuit_events": len(events),
        "freshness_checks": len(checks),
    }
