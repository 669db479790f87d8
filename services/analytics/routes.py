"""Analytics endpoints: /process (Pub/Sub push or plain), /process-date-range, /circuits, /circuits/reset."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, Flask, jsonify, request

from services.analytics import processors
from services.analytics.guarded_runner import GuardedRunner, utcnow
from services.analytics.inputs import CircuitReset, DateRange, requester, table_update
from shared.errors import BadRequest
from shared.log import log_event
from shared.resilience.breaker import State
from shared.web import json_body, parse

logger = logging.getLogger(__name__)


class UnknownCircuit(BadRequest):
    """No circuit with that key has any recent event."""

    status = 404
    code = "not_found"


def _answer(body: dict[str, Any], results: list[dict[str, Any]]) -> tuple[Any, int]:
    # Permanent failures are 200 (Pub/Sub must not redeliver forever); transient ones are 503 (redeliver).
    status = 503 if any(r.get("transient") for r in results) else 200
    return jsonify({**body, "results": results}), status


def register_routes(app: Flask, *, clock: Callable[[], datetime] = utcnow) -> GuardedRunner:
    """Add the endpoints to `app`, sharing one GuardedRunner (and circuit cache) per app."""
    settings = app.config["settings"]
    runner = GuardedRunner.build(settings, app.config["warehouse"], clock)
    app.config["runner"] = runner
    routes = Blueprint("analytics", __name__)

    @routes.post("/process")
    def process():  # type: ignore[no-untyped-def]
        update = table_update(json_body())
        results = [
            runner.run(processor, update.game_date + timedelta(days=offset), update.game_date + timedelta(days=offset))
            for processor, offset in processors.triggered_by(update.table)
        ]
        if not results:
            log_event(
                logger, f"No processor is triggered by {update.table}", event="process_ignored", table=update.table
            )
        return _answer({"table": update.table, "game_date": update.game_date.isoformat()}, results)

    @routes.post("/process-date-range")
    def process_date_range():  # type: ignore[no-untyped-def]
        span = parse(DateRange, json_body()).check(settings.max_range_days)
        chosen = processors.select(span.processors)
        results = [runner.run(p, span.start_date, span.end_date) for p in chosen]
        return _answer({"start_date": span.start_date.isoformat(), "end_date": span.end_date.isoformat()}, results)

    @routes.get("/circuits")
    def circuits():  # type: ignore[no-untyped-def]
        found = runner.store.all(fresh=True).values()
        listed = [runner.describe(c) for c in found if runner.breaker.state(c) is not State.CLOSED]
        return jsonify({"circuits": sorted(listed, key=lambda c: c["key"])})

    @routes.post("/circuits/reset")
    def reset_circuit():  # type: ignore[no-untyped-def]
        key = parse(CircuitReset, json_body()).key
        circuit = runner.store.all(fresh=True).get(key)
        if circuit is None:
            raise UnknownCircuit(
                f"no circuit {key!r} has events in the last {runner.store.lookback.days} days", field="key"
            )
        actor = requester(request.headers)
        previous = runner.breaker.state(circuit)
        if previous is State.CLOSED and circuit.failures == 0:
            return jsonify(
                {"key": key, "state": "closed", "previous_state": "closed", "changed": False, "actor": actor}
            )
        processor, _, scope = key.partition(":")
        runner.store.record(runner.breaker.reset(circuit), processor=processor, scope=scope, actor=actor)
        log_event(
            logger,
            f"Circuit breaker for {key} reset by {actor}",
            event="circuit_manual_reset",
            key=key,
            actor=actor,
            previous_state=previous.value,
        )
        return jsonify(
            {"key": key, "state": "closed", "previous_state": previous.value, "changed": True, "actor": actor}
        )

    app.register_blueprint(routes)
    return runner
