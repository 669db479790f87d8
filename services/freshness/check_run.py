"""One freshness run: check tables, find missing games, alert, record history, build the response."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from services.freshness import history
from services.freshness.alerts import Webhook, log_alert, slack_message
from services.freshness.config import FreshnessConfig
from services.freshness.missing_games import MissingGame, find_missing_games
from services.freshness.probes import CheckResult, check_tables
from services.freshness.rules import Status
from shared.eastern import eastern_today
from shared.errors import ConfigError, WarehouseError
from shared.warehouse import Warehouse


@dataclass(frozen=True)
class RunOptions:
    """What one request asks for."""

    lookback_days: int
    dry_run: bool = False


def stale_entry(result: CheckResult) -> dict:
    """A non-OK check as the response and the alert list it (WARN is alerted at WARNING)."""
    check, verdict = result.check, result.verdict
    return {
        "table": check.table,
        "column": check.column,
        "hours_stale": verdict.hours_stale,
        "warn_after": check.warn_after,
        "error_after": check.error_after,
        "severity": "WARNING" if verdict.status is Status.WARN else check.severity,
        "issue": verdict.status.value,
        "reason": verdict.reason,
    }


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


def run_check(
    config: FreshnessConfig,
    warehouse: Warehouse,
    options: RunOptions,
    *,
    now: datetime,
    webhook: Webhook | None,
    timer: Callable[[], float] = time.perf_counter,
) -> dict:
    """Run every check once; the response body (status ok, alert_sent, alert_failed or error)."""
    started = timer()
    check_id = f"fc-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    errors: list[str] = []
    results, game_days = check_tables(
        warehouse, config.enabled_checks, now=now, window_days=config.game_day_window_days
    )
    games: list[MissingGame] = []
    try:
        games = find_missing_games(
            warehouse, config.missing_games, today=eastern_today(now), lookback_days=options.lookback_days
        )
    except (WarehouseError, ConfigError) as exc:
        errors.append(f"missing games: {exc.message}")
    stale = [stale_entry(r) for r in results if r.verdict.status is not Status.OK]
    game_list = [g.to_json() for g in games]
    alert: dict = {"channel": "webhook" if webhook else None, "sent": False, "error": None}
    if options.dry_run:
        alert["error"] = "dry run: nothing logged, sent or recorded" if stale or games else None
    else:
        _log_findings(check_id, stale, games, config.missing_games.severity)
        if (stale or games) and webhook is None:
            alert["error"] = "no channel configured (set COURTSIDE_ALERT_WEBHOOK_URL)"
        elif stale or games:
            delivery = webhook.send(slack_message(check_id, stale, game_list))  # type: ignore[union-attr]
            alert.update(sent=delivery.sent, error=delivery.error, attempts=delivery.attempts)
        try:
            history.record(warehouse, check_id, now, results, games)
        except WarehouseError as exc:
            errors.append(f"history: {exc.message}")
    status = "ok" if not (stale or games) else "alert_sent" if alert["sent"] else "alert_failed"
    body: dict = {
        "status": "error" if errors else status,
        "check_id": check_id,
        "checked_at": now.isoformat(),
        "game_day": game_days.is_game_day(eastern_today(now)) if game_days else None,
        "lookback_days": options.lookback_days,
        "dry_run": options.dry_run,
        "missing_games_count": len(game_list),
        "stale_tables_count": len(stale),
        "games": game_list,
        "stale_tables": stale,
        "checks": [{"table": r.check.table, "status": r.verdict.status.value} for r in results],
        "alert": alert,
        "duration_seconds": round(timer() - started, 3),
    }
    if errors:
        body["errors"] = errors
    return body
