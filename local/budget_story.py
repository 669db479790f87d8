"""What the upstream budgets did during a local run, read back from the shared budget facts."""

from __future__ import annotations

from datetime import datetime

from shared.orchestration import upstream_budget
from shared.warehouse import Warehouse


def budget_story(warehouse: Warehouse, since: datetime) -> list[str]:
    """One line per upstream: credits per game day and remaining, short-circuited calls, retries spent and skipped."""
    totals = upstream_budget.totals_since(warehouse, since)
    if not totals:
        return ["Upstream budgets: no upstream call recorded"]
    lines = ["Upstream budgets (shared state in nba_orchestration.upstream_budget_events):"]
    for upstream, t in sorted(totals.items()):
        counts = t["counts"]
        parts = [
            f"{counts.get(kind, 0)} {label}"
            for kind, label in (("success", "calls ok"), ("retry", "retries"), ("retry_skipped", "retries skipped"))
        ]
        parts.append(f"{counts.get('short_circuit', 0)} calls short-circuited")
        if t["credits_by_day"]:
            days = ", ".join(f"{day}: {n}" for day, n in sorted(t["credits_by_day"].items()))
            parts.append(f"credits used per game day {days}; {t['remaining']} remaining")
        closed = [k for k in ("exhausted", "cooldown") if counts.get(k)]
        if closed:
            parts.append("closed: " + ", ".join(f"{k} x{counts[k]}" for k in closed))
        lines.append(f"  {upstream}: " + "; ".join(parts))
    return lines
