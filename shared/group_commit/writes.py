"""Group commit: concurrent writes to one table share one warehouse write, each caller still gets its outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.group_commit.step import Step, current_member

Rows = list[dict[str, Any]]


@dataclass
class _Ticket:
    rows: Rows
    wake: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    error: BaseException | None = None


class GroupCommit:
    """Writes arriving while one is in flight queue up and go out together in the next write.

    A fan-out step of 30 scrapes into one table becomes a handful of load + MERGE jobs instead of 30 (BigQuery
    runs at most 2 DML statements per table at once and allows ~1,500 table operations a day).
    """

    def __init__(self, write: Callable[[Rows], None], max_rows: int = 50_000) -> None:
        self._write = write
        self._max_rows = max_rows
        self._lock = threading.Lock()
        self._queue: list[_Ticket] = []
        self._busy = False

    def submit(self, rows: Sequence[dict[str, Any]]) -> None:
        """Write `rows` alone or together with others; raise what the shared write raised. Inside a fan-out
        step (group_commit.step) the rows wait for the step's siblings and go out with theirs."""
        step = current_member()
        ticket = _Ticket(list(rows))
        held = None if step is None else step.hold(self, ticket)
        if held is None:
            self._submit(ticket)
        elif held:
            _write_step(step)  # type: ignore[arg-type]
        ticket.wake.wait()
        if ticket.error is not None:
            raise ticket.error

    def _submit(self, ticket: _Ticket) -> None:
        with self._lock:
            self._queue.append(ticket)
            leading, self._busy = not self._busy, True
        if not leading:
            ticket.wake.wait()  # set when our batch is written, or when the lead is handed to us
        if not ticket.finished:
            self._write_next_batch()

    def _write_next_batch(self) -> None:
        """Write the queue's head (the leader's own ticket first), then hand the lead on or stand down."""
        batch = self._take()
        try:
            self._write([row for ticket in batch for row in ticket.rows])
        except Exception as exc:  # every caller of the batch learns the cause
            for ticket in batch:
                ticket.error = exc
        with self._lock:
            for ticket in batch:
                ticket.finished = True
                ticket.wake.set()
            if self._queue:
                self._queue[0].wake.set()
            else:
                self._busy = False

    def _take(self) -> list[_Ticket]:
        with self._lock:
            batch: list[_Ticket] = []
            size = 0
            while self._queue and (not batch or size + len(self._queue[0].rows) <= self._max_rows):
                ticket = self._queue.pop(0)
                batch.append(ticket)
                size += len(ticket.rows)
            return batch


def _write_step(step: Step) -> None:
    """Write every ticket a released step holds: one submit per group commit, each ticket told the outcome."""
    for group, tickets in step.held_by_group():
        combined = _Ticket([row for ticket in tickets for row in ticket.rows])
        group._submit(combined)
        for ticket in tickets:
            ticket.error, ticket.finished = combined.error, True
            ticket.wake.set()
