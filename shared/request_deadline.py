"""Per-request warehouse deadlines: a path's own budget, or the seconds the caller says it still waits."""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextlib import ExitStack

from flask import Flask, g, request

from shared.warehouse.deadline import within

DEADLINE_HEADER = "X-Courtside-Deadline"  # seconds the caller still waits for this answer
ANSWER_MARGIN_S = 0.5  # kept back from the caller's deadline to write the answer itself (and record the run)


def caller_seconds(header: str | None) -> float | None:
    """The caller's remaining seconds from the header, or None (a malformed value is the route's to refuse)."""
    try:
        seconds = float(header) if header is not None else math.nan
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds > 0 else None


def install(app: Flask, budgets: Mapping[str, float] | None = None) -> None:
    """Every request's warehouse calls end within min(its path's budget, the caller's deadline - margin)."""
    per_path = dict(budgets or {})

    @app.before_request
    def _open() -> None:
        stack = ExitStack()
        caller = caller_seconds(request.headers.get(DEADLINE_HEADER))
        stack.enter_context(within(per_path.get(request.path)))
        stack.enter_context(within(None if caller is None else max(caller - ANSWER_MARGIN_S, 0.05)))
        g.warehouse_deadline = stack

    @app.teardown_request
    def _close(_exc: BaseException | None) -> None:
        stack = g.pop("warehouse_deadline", None)
        if stack is not None:
            stack.close()
