"""nba_orchestration.upstream_budget_events: append-only upstream budget facts, folded by shared/resilience/budget."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.resilience.budget import REOPENED
from shared.warehouse import Warehouse

REOPEN_KIND = (
    REOPENED  # an operator's reopen: `reason` is "<who>: <why>" (courtside budgets reopen, POST /budgets/reopen)
)

TABLE = "nba_orchestration.upstream_budget_events"
PAGE_RETRY_WORKFLOW = "page retry"  # the `workflow` of a retry token a scrape took for one of its pages
END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)  # an open-ended window's `until`
_FACTS = f"""
SELECT event_id, upstream, kind, occurred_at, until, credits_remaining, credits_used, credits_last, reason
FROM {TABLE}
WHERE occurred_at >= @recent
   OR (kind IN ('exhausted', 'cooldown') AND until > @now)
   OR (kind = 'quota' AND occurred_at >= @period_start)
"""
# A retry a scrape made for one of its pages (workflow "page retry") counts as kind page_retry, not the executor's.
_SUMMARY = f"""
SELECT upstream, game_date, kind, COUNT(*) AS events, SUM(credits_last) AS credits, MIN(credits_remaining) AS low,
       MAX(credits_used) AS used_high
FROM (
  SELECT upstream, game_date, credits_last, credits_remaining, credits_used,
         IF(kind = 'retry' AND workflow = '{PAGE_RETRY_WORKFLOW}', 'page_retry', kind) AS kind
  FROM {TABLE}
  WHERE occurred_at >= @since AND occurred_at <= @until
)
GROUP BY upstream, game_date, kind
ORDER BY upstream, game_date, kind
"""


def append(warehouse: Warehouse, events: list[dict[str, Any]]) -> None:
    """Append budget facts (streaming insert keyed by event_id; never an update)."""
    warehouse.append_rows(TABLE, events)


def facts_for_state(warehouse: Warehouse, *, now: datetime, recent: datetime, period_start: datetime) -> list[dict]:
    """The facts the fold needs: recent ones, closures still running, quota readings of this quota period."""
    return warehouse.query(_FACTS, now=now, recent=recent, period_start=period_start)


def summary_since(warehouse: Warehouse, since: datetime, until: datetime = END_OF_TIME) -> list[dict[str, Any]]:
    """Per upstream, game date and kind in [since, until]: how many facts, credits spent, the lowest remaining seen."""
    return warehouse.query(_SUMMARY, since=since, until=until)


def credits_recorded(warehouse: Warehouse, upstream: str, since: datetime) -> dict[str, int]:
    """Credits the facts since `since` account for: the highest x-requests-used seen and the sum of x-requests-last."""
    rows = warehouse.query(
        f"SELECT MAX(credits_used) AS used, SUM(credits_last) AS sum_last FROM {TABLE} "
        "WHERE occurred_at >= @since AND upstream = @upstream AND kind = 'quota'",
        since=since,
        upstream=upstream,
    )
    return {k: int((rows[0][k] if rows else 0) or 0) for k in ("used", "sum_last")}


def reopened_since(warehouse: Warehouse, since: datetime) -> list[dict[str, Any]]:
    """Operators' reopen facts at or after `since`, oldest first (occurred_at, upstream, reason = "<who>: <why>")."""
    return events_since(warehouse, since, (REOPEN_KIND,))


def events_since(
    warehouse: Warehouse, since: datetime, kinds: tuple[str, ...], until: datetime = END_OF_TIME
) -> list[dict[str, Any]]:
    """Facts of `kinds` in [since, until], oldest first."""
    return warehouse.query(
        f"SELECT occurred_at, upstream, kind, until, scraper, workflow, reason FROM {TABLE} "
        "WHERE occurred_at >= @since AND occurred_at <= @until AND kind IN UNNEST(@kinds) ORDER BY occurred_at",
        since=since,
        until=until,
        kinds=list(kinds),
    )


def totals_since(warehouse: Warehouse, since: datetime, until: datetime = END_OF_TIME) -> dict[str, dict[str, Any]]:
    """Per upstream in [since, until]: credits spent per game day, lowest credits remaining, each kind's count."""
    totals: dict[str, dict[str, Any]] = {}
    for row in summary_since(warehouse, since, until):
        t = totals.setdefault(row["upstream"], {"credits_by_day": {}, "remaining": None, "counts": {}})
        t["counts"][row["kind"]] = t["counts"].get(row["kind"], 0) + row["events"]
        if row["kind"] == "quota" and row["game_date"] is not None:
            t["credits_by_day"][row["game_date"]] = _spent(row, t.get("used_high"))
            t["used_high"] = row["used_high"] if row["used_high"] is not None else t.get("used_high")
        if row["low"] is not None:
            t["remaining"] = row["low"] if t["remaining"] is None else min(t["remaining"], row["low"])
    for t in totals.values():
        t.pop("used_high", None)
    return totals


def _spent(row: dict[str, Any], used_before: int | None) -> int:
    """A day's credits: the growth of x-requests-used since the day before (answers that timed out included), else
    (the first day seen, or a new quota period) the x-requests-last of its answers summed."""
    if row["used_high"] is not None and used_before is not None and row["used_high"] >= used_before:
        return int(row["used_high"] - used_before)
    return int(row["credits"] or 0)
