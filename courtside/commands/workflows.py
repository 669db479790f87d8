"""`courtside workflows report --hours 6`: per workflow runs, failure and partial rates, retries, top errors."""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from courtside.commands.common import now, warehouse
from shared.errors import BadRequest
from shared.orchestration import workflow_executions
from shared.warehouse import Warehouse


@dataclass
class WorkflowStats:
    """One workflow's runs in the window."""

    workflow: str
    statuses: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    attempts: int = 0
    duration_s: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def runs(self) -> int:
        """Executions in the window."""
        return sum(self.statuses.values())

    def rate(self, status: str) -> float:
        """Share of runs that ended with `status`."""
        return self.statuses[status] / self.runs if self.runs else 0.0


def summarize(rows: list[dict[str, Any]]) -> list[WorkflowStats]:
    """Aggregate execution rows per workflow (sorted by name); errors keyed by scraper, status and message."""
    stats: dict[str, WorkflowStats] = defaultdict(lambda: WorkflowStats(""))
    for row in rows:
        s = stats[row["workflow"]]
        s.workflow = row["workflow"]
        s.statuses[row["status"]] += 1
        s.retries += row["retries"] or 0
        s.attempts += row["attempts"] or 0
        s.duration_s += row["duration_s"] or 0.0
        for error in json.loads(row["errors_json"] or "[]"):
            s.errors[f"{error['scraper']} {error['status']}: {error['message']}"[:160]] += 1
    return [stats[name] for name in sorted(stats)]


def render(stats: list[WorkflowStats], since: datetime, until: datetime, top: int = 3) -> str:
    """The report as text: a table, then each workflow's most frequent errors."""
    span = f"{since.astimezone(UTC):%Y-%m-%d %H:%M} to {until.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [f"Workflow runs {span}"]
    header = f"{'workflow':22} {'runs':>5} {'failed':>7} {'partial':>8} {'fail rate':>10} {'partial rate':>13}"
    lines += [header + f" {'retries':>8} {'mean s':>7}", "-" * 86]
    for s in stats:
        lines.append(
            f"{s.workflow:22} {s.runs:5d} {s.statuses['failed']:7d} {s.statuses['partial']:8d} "
            f"{s.rate('failed'):10.1%} {s.rate('partial'):13.1%} {s.retries:8d} {s.duration_s / s.runs:7.1f}"
        )
    runs = sum(s.runs for s in stats)
    failed = sum(s.statuses["failed"] for s in stats)
    partial = sum(s.statuses["partial"] for s in stats)
    retries = sum(s.retries for s in stats)
    lines.append("-" * 86)
    lines.append(
        f"{'all':22} {runs:5d} {failed:7d} {partial:8d} {failed / max(runs, 1):10.1%} "
        f"{partial / max(runs, 1):13.1%} {retries:8d}"
    )
    errors = [(s.workflow, e, n) for s in stats for e, n in s.errors.most_common(top)]
    lines.append("Top errors:" if errors else "Top errors: none")
    lines += [f"  {w}: {n}x {e}" for w, e, n in errors]
    return "\n".join(lines)


def report(wh: Warehouse, hours: float, until: datetime | None = None) -> str:
    """The report for the `hours` before `until` (default now)."""
    end = until or now()
    since = end - timedelta(hours=hours)
    return render(summarize(workflow_executions.started_between(wh, since, end)), since, end)


def register(groups: argparse._SubParsersAction) -> None:
    """Add the `workflows` group."""
    parser = groups.add_parser("workflows", help="workflow executions")
    sub = parser.add_subparsers(dest="action", required=True)
    rep = sub.add_parser("report", help="runs, failure and partial rates, retries and top errors per workflow")
    rep.add_argument("--hours", type=float, default=6.0, help="window length (default 6)")
    rep.add_argument("--until", help="window end, ISO timestamp with timezone (default now)")
    rep.set_defaults(handler=_report)


def _report(args: argparse.Namespace) -> int:
    if args.hours <= 0:
        raise BadRequest("--hours must be positive", field="hours")
    until = None
    if args.until:
        try:
            until = datetime.fromisoformat(args.until.replace("Z", "+00:00"))
        except ValueError:
            raise BadRequest(f"--until: expected an ISO timestamp, got {args.until!r}", field="until") from None
        if until.tzinfo is None:
            raise BadRequest("--until: give a timezone, e.g. 2026-12-01T23:59:00Z", field="until")
    print(report(warehouse(), args.hours, until))
    return 0
