"""Processing endpoints: /process (Pub/Sub push or plain) and /process-date-range."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Blueprint, jsonify

from services.analytics import processors
from services.analytics.guarded_runner import GuardedRunner
from services.analytics.inputs import DateRange, table_update
from services.analytics.registry.rebuild import one_preparation_per_trigger
from shared.errors import BadRequest
from shared.log import log_event
from shared.web import json_body, parse

logger = logging.getLogger(__name__)
IGNORED = "no processor reads this table"  # why a pushed notice was acknowledged with nothing run


def _answer(body: dict[str, Any], results: list[dict[str, Any]]) -> tuple[Any, int]:
    # Permanent failures are 200 (Pub/Sub must not redeliver forever); retriable ones are 503 (redeliver).
    status = 503 if any(r.get("retriable") for r in results) else 200
    return jsonify({**body, "results": results}), status


def process_routes(runner: GuardedRunner, *, max_range_days: int) -> Blueprint:
    """The processing endpoints, all running through one GuardedRunner (and circuit cache)."""
    routes = Blueprint("analytics", __name__)

    @routes.post("/process")
    def process():  # type: ignore[no-untyped-def]
        update, pushed = table_update(json_body())
        answer = {"table": update.table, "game_date": update.game_date.isoformat()}
        triggered = processors.triggered_by(update.table)
        if not triggered and not pushed:
            known = ", ".join(processors.trigger_map())
            raise BadRequest(f"table: {IGNORED}; known: {known}", field="table")
        if not triggered:  # every raw table's notice is pushed here; a refusal would only be redelivered
            message = f"Push acknowledged, nothing run: {IGNORED}"
            log_event(logger, message, event="process_ignored", table=update.table, reason=IGNORED)
            return jsonify({**answer, "results": [], "ignored": IGNORED}), 200
        with one_preparation_per_trigger():
            results = [
                runner.run(processor, update.game_date + timedelta(days=days), update.game_date + timedelta(days=days))
                for processor, days in triggered
            ]
        return _answer(answer, results)

    @routes.post("/process-date-range")
    def process_date_range():  # type: ignore[no-untyped-def]
        span = parse(DateRange, json_body()).check(max_range_days)
        chosen = processors.select(span.processors)
        with one_preparation_per_trigger():
            results = [runner.run(p, span.start_date, span.end_date) for p in chosen]
        return _answer({"start_date": span.start_date.isoformat(), "end_date": span.end_date.isoformat()}, results)

    return routes
