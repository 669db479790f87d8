"""History rows of one freshness run (freshness_checks, missing_games_log), and the terminal table of past runs."""

from __future__ import annotations

from datetime import datetime

from services.freshness.missing_games import MissingGame
from services.freshness.probes import CheckResult
from services.freshness.rules import as_utc
from shared.orchestration import freshness_history
from shared.warehouse import Warehouse


def check_rows(check_id: str, checked_at: datetime, results: list[CheckResult]) -> list[dict]:
    """The freshness_checks rows of one run."""
    return [
        {
            "check_id": check_id,
            "checked_at": checked_at,
            "table_name": r.check.table,
            "column_name": r.check.column,
            "status": r.verdict.status.value,
            "hours_stale": r.verdict.hours_stale,
            "warn_after": r.check.warn_after,
            "error_after": r.check.error_after,
            "severity": r.check.severity,
            "reason": r.verdict.reason,
            "newest_at": as_utc(r.newest) if r.newest is not None else None,
        }
        for r in results
    ]


def game_rows(check_id: str, checked_at: datetime, games: list[MissingGame]) -> list[dict]:
    """The missing_games_log rows of one run."""
    return [
        {
            "check_id": check_id,
            "checked_at": checked_at,
            "game_id": g.game_id,
            "game_date": g.game_date,
            "source_table": g.source_table,
            "players_found": g.players_found,
            "issue": g.issue,
        }
        for g in games
    ]


def record(
    warehouse: Warehouse, check_id: str, checked_at: datetime, results: list[CheckResult], games: list[MissingGame]
) -> None:
    """Append the run's rows (one streaming append per table that has any)."""
    freshness_history.append(
        warehouse, check_rows(check_id, checked_at, results), game_rows(check_id, checked_at, games)
    )


def format_history(checks: list[dict], games: list[dict]) -> str:
    """A plain-text table for the terminal."""
    lines = [f"{'checked_at (UTC)':20} {'table':42} {'status':16} {'hours':>7}  {'severity':8}  reason"]
    for r in checks:
        hours = f"{r['hours_stale']:.1f}" if r["hours_stale"] is not None else "-"
        lines.append(
            f"{r['checked_at']:%Y-%m-%d %H:%M:%S}  {r['table_name']:42} {r['status']:16} {hours:>7}  "
            f"{r['severity'] or '-':8}  {(r['reason'] or '')[:90]}"
        )
    if not checks:
        lines.append("(no freshness checks in this period)")
    lines += ["", f"{'checked_at (UTC)':20} {'game_date':10} {'game_id':14} {'source':26} {'players':>7}  issue"]
    for g in games:
        lines.append(
            f"{g['checked_at']:%Y-%m-%d %H:%M:%S}  {g['game_date']!s:10} {g['game_id']:14} {g['source_table']:26} "
            f"{g['players_found'] if g['players_found'] is not None else '-':>7}  {g['issue'] or '-'}"
        )
    if not games:
        lines.append("(no missing games logged in this period)")
    return "\n".join(lines)
