"""Read everything the page shows: the verdict's evidence (shared/evidence.py, the same as verify's) and the
sections' own reads, side by side; judge it with the one verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.analytics.status import budgets, circuits, conservation, freshness, players, upstreams, workflows
from shared.eastern import day_start, game_date
from shared.evidence import Span, gather
from shared.health.checks import Thresholds, evaluate
from shared.health.verdict import verdict
from shared.orchestration import freshness_history, scraper_runs, upstream_budget, workflow_executions
from shared.warehouse import Warehouse

FAILURES_SHOWN = 30  # newest failed or partial runs read; each workflow shows its newest three
LOOKBACK = freshness_history.DEFAULT_LOOKBACK


@dataclass(frozen=True)
class Window:
    """What the page covers: `days` US/Eastern days of charts ending with the day of `at`; the verdict's `hours`."""

    at: datetime
    days: int
    hours: float

    @property
    def chart_days(self) -> list[date]:
        last = game_date(self.at)
        return [last - timedelta(days=n) for n in range(self.days - 1, -1, -1)]

    @property
    def since(self) -> datetime:
        return day_start(self.chart_days[0]).astimezone(UTC)


def _page_reads(wh: Warehouse, w: Window, deploy: Callable[[], dict[str, Any]]) -> dict[str, Callable[[], Any]]:
    """The page's reads beyond the verdict's evidence (shared/evidence.py reads that alongside)."""
    today = day_start(game_date(w.at)).astimezone(UTC)
    return {
        "daily": lambda: workflow_executions.daily_between(wh, w.since, w.at),
        "latest": lambda: workflow_executions.latest_between(wh, w.since, w.at),
        "failures": lambda: workflow_executions.failures_between(wh, w.since, w.at, FAILURES_SHOWN),
        "today": lambda: scraper_runs.per_scraper_between(wh, today, w.at),
        "retries_today": lambda: workflow_executions.retries_by_scraper(wh, today, w.at),
        "budgets_today": lambda: upstream_budget.totals_since(wh, today, w.at),
        "closures_today": lambda: upstream_budget.events_since(wh, today, budgets.CLOSURE_KINDS, w.at),
        "players": lambda: players.read(wh, w.chart_days[0], w.chart_days[-1], w.at),
        "conservation": lambda: conservation.section(wh, w.chart_days[0], w.chart_days[-1]),
        "freshness_games": lambda: freshness_history.games_of_newest_run_between(wh, w.at - LOOKBACK, w.at),
        "deploy": deploy,
    }


def _answered(got: dict[str, Any]) -> dict[str, Any]:
    """Every read's rows; the first read that failed is raised (the page then says the warehouse does not answer)."""
    for value in got.values():
        if isinstance(value, BaseException):
            raise value
    return got


def read_all(
    wh: Warehouse,
    w: Window,
    waits_for: Callable[[str, str, datetime], str],
    deploy: Callable[[], dict[str, Any]],
    thresholds: Thresholds,
) -> dict[str, Any]:
    """Every section plus the verdict, as the JSON the page renders; `round_trips` counts warehouse queries."""
    before = sum(wh.calls.values())
    span = Span(w.at, w.hours, thresholds.max_calls_lost_share)
    found_evidence, got = gather(wh, span, _page_reads(wh, w, deploy))
    got = _answered(got)
    fresh = freshness.section(got["freshness"], got["freshness_games"], w.at)
    flows = workflows.section(got["daily"], got["latest"], got["failures"], w.chart_days, got["losses"])
    lines = evaluate(found_evidence, thresholds)
    found = verdict(lines)
    body = {
        "at": w.at.isoformat(),
        "days": w.days,
        "hours": w.hours,
        "verdict": {"level": str(found.level), "reasons": list(found.reasons)},
        "checks": [{"check": line.check, "ok": line.ok, "detail": line.detail} for line in lines],
        "coverage_checks": [str(line) for line in found_evidence.coverage],
        "workflows": flows,
        "circuits": circuits.section(got["circuit_facts"], w.at, waits_for),
        "freshness": fresh,
        "players": got["players"],
        "conservation": got["conservation"],
        "budgets": budgets.section(got["budgets_today"], got["closures_today"]),
        "upstreams": {
            "day": game_date(w.at).isoformat(),
            "by_upstream": upstreams.section(
                got["today"], got["retries_today"], upstreams.credits(got["budgets"], game_date(w.at))
            ),
        },
        "deploy": got["deploy"],
    }
    body["empty"] = not (flows or got["circuit_facts"] or fresh or got["today"])
    body["round_trips"] = sum(wh.calls.values()) - before
    return body
