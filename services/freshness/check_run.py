"""One freshness run: find (stale tables, missing games), alert, record history, answer."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from services.freshness import history
from services.freshness.alerts import Webhook, log_alert, slack_message
from services.freshness.config import FreshnessConfig
from services.freshness.findings import Findings, find
from services.freshness.missing_games import MissingGame
from shared.eastern import eastern_today
from shared.errors import WarehouseError
from shared.warehouse import Warehouse


@dataclass(frozen=True)
class RunOptions:
    """What one request asks for."""

    lookback_days: int
    dry_run: bool = False


def _log_findings(check_id: str, stale: list[dict], games: list[MissingGame], severity: str) -> None:
    for entry in stale:
        log_alert(
            f"{entry['table']} is {entry['issue']}: {entry['reason']}",
            severity=entry["severity"],
            check_id=check_id,
            kind="stale_table",
            **{k: entry[k] for k in ("table", "column", "issue", "hours_stale", "warn_after", "error_after")},
        )
    for source in sorted({g.source_table for g in games}):
        found = [g for g in games if g.source_table == source]
        log_alert(
            f"{len(found)} final game(s) missing or incomplete in {source}",
            severity=severity,
            check_id=check_id,
            kind="missing_games",
            source_table=source,
            game_ids=[g.game_id for g in found],
            missing=sum(g.issue == "missing" for g in found),
            incomplete=sum(g.issue == "incomplete" for g in found),
        )


def alert(check_id: str, found: Findings, config: FreshnessConfig, webhook: Webhook | None) -> dict:
    """Log every finding and send one webhook message; what happened to the alert."""
    stale, games = found.stale, found.games
    result: dict = {"channel": "webhook" if webhook else None, "sent": False, "error": None}
    _log_findings(check_id, stale, games, config.missing_games.severity)
    if (stale or games) and webhook is None:
        result["error"] = "no channel configured (set COURTSIDE_ALERT_WEBHOOK_URL)"
    elif stale or games:
        delivery = webhook.send(slack_message(check_id, stale, [g.to_json() for g in games]))  # type: ignore[union-attr]
        result.update(sent=delivery.sent, error=delivery.error, attempts=delivery.attempts)
    return result


def response(
    check_id: str, found: Findings, alerted: dict, options: RunOptions, now: datetime, duration_s: float
) -> dict:
    """The response body: status (ok, alert_sent, alert_failed or error), findings and the alert."""
    stale, game_list = found.stale, [g.to_json() for g in found.games]
    status = "ok" if not (stale or game_list) else "alert_sent" if alerted["sent"] else "alert_failed"
    body: dict = {
        "status": "error" if found.errors else status,
        "check_id": check_id,
        "checked_at": now.isoformat(),
        "game_day": found.game_days.is_game_day(eastern_today(now)) if found.game_days else None,
        "lookback_days": options.lookback_days,
        "dry_run": options.dry_run,
        "missing_games_count": len(game_list),
        "stale_tables_count": len(stale),
        "games": game_list,
        "stale_tables": stale,
        "checks": [{"table": r.check.table, "status": r.verdict.status.value} for r in found.results],
        "alert": alerted,
        "duration_seconds": duration_s,
    }
    if found.errors:
        body["errors"] = found.errors
    return body


def run_check(
    config: FreshnessConfig,
    warehouse: Warehouse,
    options: RunOptions,
    *,
    now: datetime,
    webhook: Webhook | None,
    timer: Callable[[], float] = time.perf_counter,
) -> dict:
    """Run every check once: find, alert and record (unless a dry run); the response body."""
    started = timer()
    check_id = f"fc-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    found = find(config, warehouse, options.lookback_days, now)
    if options.dry_run:
        nothing = "dry run: nothing logged, sent or recorded" if found.stale or found.games else None
        alerted: dict = {"channel": "webhook" if webhook else None, "sent": False, "error": nothing}
    else:
        alerted = alert(check_id, found, config, webhook)
        try:
            history.record(warehouse, check_id, now, found.results, found.games)
        except WarehouseError as exc:
            found.errors.append(f"history: {exc.message}")
    return response(check_id, found, alerted, options, now, round(timer() - started, 3))
