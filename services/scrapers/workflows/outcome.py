"""Results of calls and runs, aggregated into one workflow_executions row: counts, status, every error's cause."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

# load_pending: fetched and archived, the warehouse was down; a replay loads it (not a failed fetch).
CallStatus = Literal["success", "no_data", "load_pending", "failed"]
ERROR_MESSAGE_LIMIT = 4000  # characters of error_message; errors_json keeps the full list


@dataclass(frozen=True)
class CallResult:
    """How one planned /scrape call ended, after its retries."""

    scraper: str
    params: dict[str, str]
    status: CallStatus
    http_status: int | str | None = None
    message: str | None = None
    attempts: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    gave_up: str | None = None
    run_id: str | None = None  # load_pending: the scrape whose archived payload a replay will load

    def error(self) -> dict[str, Any]:
        """This failure as an errors_json entry; the message is never empty (a pending load names its run)."""
        message = self.message or f"failed with status {self.http_status} and no message"
        entry = {"scraper": self.scraper, "params": self.params, "status": self.http_status, "message": message}
        pending = {"run_id": self.run_id} if self.run_id else {}
        return {**entry, "attempts": self.attempts, "gave_up": self.gave_up, **pending}


def describe(error: dict[str, Any]) -> str:
    """One error as a line: `espn_roster(team=BOS) 503: message (3 attempts; gave up: ...)`."""
    params = ",".join(f"{k}={v}" for k, v in error["params"].items())
    tail = f"{error['attempts']} attempt{'s' if error['attempts'] != 1 else ''}"
    if error.get("gave_up"):
        tail += f"; gave up: {error['gave_up']}"
    return f"{error['scraper']}({params}) {error['status']}: {error['message']} ({tail})"


def bounded_message(errors: list[dict[str, Any]], limit: int = ERROR_MESSAGE_LIMIT) -> str | None:
    """Every error's line joined with '; ', cut at a whole line to stay within `limit` characters."""
    if not errors:
        return None
    lines = [describe(e) for e in errors]
    kept: list[str] = []
    for i, line in enumerate(lines):
        more = f"; ... and {len(lines) - i} more in errors_json"
        if len("; ".join([*kept, line])) + (len(more) if i < len(lines) - 1 else 0) > limit:
            return ("; ".join(kept) + more)[:limit] if kept else (line[: limit - len(more)] + more)
        kept.append(line)
    return "; ".join(kept)


@dataclass
class ExecutionResult:
    """One workflow run: its calls and the row recorded for it."""

    execution_id: str
    workflow: str
    decision_id: str | None
    execution_date: date
    started_at: datetime
    finished_at: datetime
    duration_s: float
    calls: list[CallResult]
    recorded: bool | None = None

    def count(self, status: str) -> int:
        """Calls that ended with `status`."""
        return sum(1 for c in self.calls if c.status == status)

    @property
    def status(self) -> Literal["succeeded", "load_pending", "partial", "failed"]:
        """succeeded: no call failed; load_pending: none failed, some wait for a replay; failed: none worked."""
        failed = self.count("failed")
        if failed == 0:
            return "load_pending" if self.count("load_pending") else "succeeded"
        return "failed" if failed == len(self.calls) else "partial"

    @property
    def attempts(self) -> int:
        """HTTP attempts across all calls."""
        return sum(c.attempts for c in self.calls)

    @property
    def retries(self) -> int:
        """Attempts beyond each call's first."""
        return sum(max(0, c.attempts - 1) for c in self.calls)

    def retries_by_scraper(self) -> dict[str, int]:
        """The retries, by the scraper they called (only scrapers that were retried)."""
        counts: dict[str, int] = {}
        for c in self.calls:
            if c.attempts > 1:
                counts[c.scraper] = counts.get(c.scraper, 0) + c.attempts - 1
        return dict(sorted(counts.items()))

    def errors(self) -> list[dict[str, Any]]:
        """Every failed call with its cause, and every call whose load waits for a replay (status load_pending)."""
        return [c.error() for c in self.calls if c.status in ("failed", "load_pending")]

    def row(self) -> dict[str, Any]:
        """The nba_orchestration.workflow_executions row."""
        errors = self.errors()
        return {
            "execution_id": self.execution_id,
            "workflow": self.workflow,
            "decision_id": self.decision_id,
            "execution_date": self.execution_date,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "requested": len(self.calls),
            "succeeded": self.count("success"),
            "no_data": self.count("no_data"),
            "failed": self.count("failed"),
            "attempts": self.attempts,
            "retries": self.retries,
            "retries_json": json.dumps(self.retries_by_scraper()) if self.retries else None,
            "duration_s": round(self.duration_s, 3),
            "error_message": bounded_message(errors),
            "errors_json": json.dumps(errors, ensure_ascii=False) if errors else None,
        }

    def to_json(self) -> dict[str, Any]:
        """The row as the endpoints return it, with the error list and whether it was recorded."""
        row = self.row()
        row.update(
            execution_date=self.execution_date.isoformat(),
            started_at=self.started_at.isoformat(),
            finished_at=self.finished_at.isoformat(),
            errors=self.errors(),
            recorded=self.recorded,
        )
        row.pop("errors_json")
        row.pop("retries_json")
        row["retries_by_scraper"] = self.retries_by_scraper()
        return row
