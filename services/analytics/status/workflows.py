"""The workflows section: runs and failure rate per day, the last run, the last failures (pure)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any


def daily_series(rows: list[dict[str, Any]], days: list[date]) -> dict[str, list[dict[str, Any]]]:
    """Per workflow, one point per day (zeros where it did not run); failed and partial kept apart."""
    counts: dict[str, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for row in rows:
        counts[row["workflow"]][row["day"]][row["status"]] += row["runs"]
    series = {}
    for workflow, by_day in sorted(counts.items()):
        points = []
        for day in days:
            statuses = by_day.get(day, {})
            runs = sum(statuses.values())
            failed, partial = statuses.get("failed", 0), statuses.get("partial", 0)
            rate = failed / runs if runs else None
            points.append({"day": day.isoformat(), "runs": runs, "failed": failed, "partial": partial, "rate": rate})
        series[workflow] = points
    return series


def _run(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "started_at": row["started_at"].isoformat(),
        "status": row["status"],
        "requested": row.get("requested"),
        "failed": row.get("failed"),
        "message": row.get("error_message"),
    }


def section(
    daily: list[dict[str, Any]],
    latest: list[dict[str, Any]],
    failures: list[dict[str, Any]],
    days: list[date],
    losses: dict[str, dict[str, int]] | None = None,
    per_workflow: int = 3,
) -> list[dict[str, Any]]:
    """One entry per workflow seen: its daily points, last run, newest failures (partial and failed) and the calls
    its runs of the verdict's window lost."""
    lost = {name: (loss["lost"], loss["calls"]) for name, loss in (losses or {}).items()}
    series = daily_series(daily, days)
    last = {row["workflow"]: _run(row) for row in latest}
    failed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in failures:
        if len(failed[row["workflow"]]) < per_workflow:
            failed[row["workflow"]].append(_run(row))
    names = sorted(set(series) | set(last))
    return [
        {
            "workflow": name,
            "days": series.get(name, []),
            "runs": sum(p["runs"] for p in series.get(name, [])),
            "failed": sum(p["failed"] for p in series.get(name, [])),
            "partial": sum(p["partial"] for p in series.get(name, [])),
            "last_run": last.get(name),
            "last_failures": failed.get(name, []),
            "calls_lost": lost.get(name, (0, 0))[0],
            "calls_requested": lost.get(name, (0, 0))[1],
        }
        for name in names
    ]
