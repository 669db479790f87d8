"""Read everything the page shows, through shared/orchestration and the registry's readers, and judge it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.analytics.status import budgets, circuits, conservation, freshness, players, upstreams, workflows
from shared.eastern import day_start, game_date
from shared.health.checks import STALE_STATUSES, Evidence, FreshnessRun, Thresholds, evaluate
from shared.health.verdict import verdict
from shared.orchestration import (
    circuit_events,
    freshness_history,
    scraper_runs,
    upstream_budget,
    workflow_executions,
)
from shared.warehouse import Warehouse

FAILURES_SHOWN = 30  # newest failed or partial runs read; each workflow shows its newest three


@dataclass(frozen=True)
class Window:
    """What the page covers: `days` US/Eastern days of charts ending with the day of `at`; the verdict's `hours`."""

    at: datetime
    days: int
    hours: float
    retry_window_s: int

    @property
    def chart_days(self) -> list[date]:
        last = game_date(self.at)
        return [last - timedelta(days=n) for n in range(self.days - 1, -1, -1)]

    @property
    def since(self) -> datetime:
        return day_start(self.chart_days[0]).astimezone(UTC)


def _freshness_rows(wh: Warehouse, at: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lookback = at - freshness_history.DEFAULT_LOOKBACK
    checks = freshness_history.newest_run_between(wh, lookback, at)
    return checks, freshness_history.games_of_run(wh, checks[0]["check_id"], lookback) if checks else []


def _reads(
    wh: Warehouse, w: Window, deploy: Callable[[], dict[str, Any]], share: float
) -> dict[str, Callable[[], Any]]:
    """Every independent read of the page: they run side by side, so the page costs its slowest read."""
    recent, today = w.at - timedelta(hours=w.hours), day_start(game_date(w.at)).astimezone(UTC)
    return {
        "facts": lambda: circuit_events.live_facts(wh, w.at - circuit_events.DEFAULT_LOOKBACK),
        "freshness": lambda: _freshness_rows(wh, w.at),
        "daily": lambda: workflow_executions.daily_between(wh, w.since, w.at),
        "latest": lambda: workflow_executions.latest_between(wh, w.since, w.at),
        "failures": lambda: workflow_executions.failures_between(wh, w.since, w.at, FAILURES_SHOWN),
        "statuses": lambda: workflow_executions.status_counts(wh, recent, w.at),
        "losses": lambda: workflow_executions.losses_between(wh, recent, w.at, share),
        "retries": lambda: scraper_runs.per_scraper_between(wh, recent, w.at, w.retry_window_s),
        "today": lambda: scraper_runs.per_scraper_between(wh, today, w.at, w.retry_window_s),
        "budgets": lambda: upstream_budget.totals_since(wh, recent),
        "budgets_today": lambda: upstream_budget.totals_since(wh, today),
        "closures_today": lambda: upstream_budget.events_since(wh, today, budgets.CLOSURE_KINDS),
        "players": lambda: players.read(wh, w.chart_days[0], w.chart_days[-1]),
        "conservation": lambda: conservation.section(wh, w.chart_days[0], w.chart_days[-1]),
        "deploy": deploy,
    }


def evidence(w: Window, got: dict[str, Any], fresh: dict[str, Any] | None) -> Evidence:
    """verify's evidence for the last `hours`, from the warehouse alone (retries and resets from their records)."""
    since = w.at - timedelta(hours=w.hours)
    executions: dict[str, Counter[str]] = {}
    for row in got["statuses"]:
        executions.setdefault(row["workflow"], Counter())[row["status"]] += row["runs"]
    retries = Counter({r["scraper"]: r["retries"] for r in got["retries"]})
    current, closes = circuits.fold(got["facts"], w.at)
    resets = Counter(circuits.auto_resets(closes, since))
    open_keys = tuple(
        f"{key} (open since {c.outage_from or c.since:%Y-%m-%d %H:%M} UTC: {c.reason or '-'})"
        for key, c in current.items()
    )
    run = None
    if fresh is not None:
        problems = tuple((r["table"], r["status"]) for r in fresh["checks"] if r["status"] in STALE_STATUSES)
        run = FreshnessRun(datetime.fromisoformat(fresh["checked_at"]), problems)
    return Evidence(
        w.hours, w.at, executions, retries, resets, open_keys, run, budgets=got["budgets"], losses=got["losses"]
    )


def read_all(
    wh: Warehouse,
    w: Window,
    waits_for: Callable[[str, str, datetime], str],
    deploy: Callable[[], dict[str, Any]],
    thresholds: Thresholds,
) -> dict[str, Any]:
    """Every section plus the verdict, as the JSON the page renders; `round_trips` counts warehouse queries."""
    before = sum(wh.calls.values())
    reads = _reads(wh, w, deploy, thresholds.max_calls_lost_share)
    with ThreadPoolExecutor(max_workers=len(reads)) as pool:
        # Each read in a copy of this request's context: its warehouse deadline holds in the pool's threads too.
        futures = {name: pool.submit(copy_context().run, read) for name, read in reads.items()}
        got = {name: future.result() for name, future in futures.items()}
    checks, games = got["freshness"]
    fresh = freshness.section(checks, games, w.at)
    flows = workflows.section(got["daily"], got["latest"], got["failures"], w.chart_days, got["losses"])
    lines = evaluate(evidence(w, got, fresh), thresholds)
    found = verdict(lines)
    body = {
        "at": w.at.isoformat(),
        "days": w.days,
        "hours": w.hours,
        "verdict": {"level": str(found.level), "reasons": list(found.reasons)},
        "checks": [{"check": line.check, "ok": line.ok, "detail": line.detail} for line in lines],
        "workflows": flows,
        "circuits": circuits.section(got["facts"], w.at, waits_for),
        "freshness": fresh,
        "players": got["players"],
        "conservation": got["conservation"],
        "budgets": budgets.section(got["budgets_today"], got["closures_today"]),
        "upstreams": {
            "day": game_date(w.at).isoformat(),
            "by_upstream": upstreams.section(got["today"], upstreams.credits(got["budgets"], game_date(w.at))),
        },
        "deploy": got["deploy"],
    }
    body["empty"] = not (flows or got["facts"] or fresh or got["today"])
    body["round_trips"] = sum(wh.calls.values()) - before
    return body
