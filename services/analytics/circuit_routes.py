"""Circuit endpoints: GET /circuits and POST /circuits/reset."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify

from services.analytics.guarded_runner import GuardedRunner
from services.analytics.inputs import CircuitReset
from shared.errors import BadRequest
from shared.http.caller_guard import actor
from shared.log import log_event
from shared.resilience.breaker import Kind, State
from shared.web import json_body, parse

logger = logging.getLogger(__name__)


class UnknownCircuit(BadRequest):
    """No circuit with that key has any recent event."""

    status = 404
    code = "not_found"


def reset(runner: GuardedRunner, key: str, actor: str) -> dict[str, Any]:
    """Close circuit `key` on an operator's request (recorded and logged with who asked)."""
    circuit = runner.store.all(fresh=True).get(key)
    if circuit is None:
        raise UnknownCircuit(
            f"no circuit {key!r} is open or has events in the last {runner.store.lookback.days} days", field="key"
        )
    previous = runner.breaker.state(circuit)
    if previous is State.CLOSED and circuit.failures == 0:
        return {"key": key, "state": "closed", "previous_state": "closed", "changed": False, "actor": actor}
    processor, _, scope = key.partition(":")
    runner.store.record(circuit, Kind.RESET, processor=processor, scope=scope, reason="manual reset", actor=actor)
    log_event(
        logger,
        f"Circuit breaker for {key} reset by {actor}",
        event="circuit_manual_reset",
        key=key,
        actor=actor,
        previous_state=previous.value,
    )
    return {"key": key, "state": "closed", "previous_state": previous.value, "changed": True, "actor": actor}


def circuit_routes(runner: GuardedRunner) -> Blueprint:
    """List the circuits that are not closed; let an operator close one."""
    routes = Blueprint("circuits", __name__)

    @routes.get("/circuits")
    def circuits():  # type: ignore[no-untyped-def]
        found = runner.store.all(fresh=True).values()
        listed = [runner.describe(c) for c in found if runner.breaker.state(c) is not State.CLOSED]
        return jsonify({"circuits": sorted(listed, key=lambda c: c["key"])})

    @routes.post("/circuits/reset")
    def reset_circuit():  # type: ignore[no-untyped-def]
        # Who asked is the verified caller only (auth on); never a header or body that merely names someone.
        return jsonify(reset(runner, parse(CircuitReset, json_body()).key, actor()))

    return routes
