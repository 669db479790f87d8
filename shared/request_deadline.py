"""Per-request warehouse deadlines: a path's own budget, or the seconds the caller says it still waits."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack

from flask import Flask, g, request

from shared.http.headers import DEADLINE_HEADER, deadline_seconds
from shared.warehouse.deadline import within

__all__ = ["ANSWER_MARGIN_S", "install"]
ANSWER_MARGIN_S = 0.5  # kept back from the caller's deadline to write the answer itself (and record the run)


def install(app: Flask, budgets: Mapping[str, float] | None = None) -> None:
    """Every request's warehouse calls end within min(its path's budget, the caller's deadline - margin); a malformed
    X-Courtside-Deadline is a 400 naming it, on every route."""
    per_path = dict(budgets or {})

    @app.before_request
    def _open() -> None:
        caller = deadline_seconds(request.headers.get(DEADLINE_HEADER))
        stack = ExitStack()
        stack.enter_context(within(per_path.get(request.path)))
        stack.enter_context(within(None if caller is None else max(caller - ANSWER_MARGIN_S, 0.05)))
        g.warehouse_deadline = stack

    @app.teardown_request
    def _close(_exc: BaseException | None) -> None:
        stack = g.pop("warehouse_deadline", None)
        if stack is not None:
            stack.close()
