"""POST /scrape, GET /scrapers, POST /replay and the budgets (callers are verified by shared/http/caller_guard)."""

from __future__ import annotations

import logging
import time

from flask import Blueprint, jsonify, request

from services.scrapers.budget.operator import ReopenRequest, overview, reopen
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.pipeline.scrape_service import ScrapeService
from services.scrapers.replay.replayer import Replayer
from services.scrapers.replay.request import ReplayRequest
from shared.errors import BadRequest
from shared.group_commit.step import Steps
from shared.http import headers
from shared.http.caller_guard import actor, verified_caller
from shared.log import log_event
from shared.web import json_body, parse

logger = logging.getLogger(__name__)


def deadline_from(header: str | None) -> float | None:
    """The caller's deadline on this process's monotonic clock, from the seconds it says it still waits."""
    seconds = headers.deadline_seconds(header)
    return None if seconds is None else time.monotonic() + seconds


def scrape_routes(service: ScrapeService) -> Blueprint:
    """The scrape routes over one ScrapeService."""
    blueprint = Blueprint("scrape", __name__)
    steps = Steps()

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        deadline_at = deadline_from(request.headers.get(headers.DEADLINE_HEADER))
        step = headers.step(request.headers.get(headers.STEP_HEADER))
        with steps.member(step):  # siblings of a fan-out step write together
            return jsonify(service.run(json_body(), deadline_at=deadline_at))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    return blueprint


def budget_routes(budget: UpstreamBudget | None, upstreams: list[str]) -> Blueprint:
    """GET /budgets (each upstream's state) and POST /budgets/reopen (an operator reopens one)."""
    blueprint = Blueprint("budgets", __name__)

    def enabled() -> UpstreamBudget:
        if budget is None:
            raise BadRequest("upstream budgets are off (COURTSIDE_BUDGET_ENABLED=false)", field="upstream")
        return budget

    @blueprint.get("/budgets")
    def budgets():  # type: ignore[no-untyped-def]
        return jsonify({"upstreams": overview(enabled(), upstreams)})

    @blueprint.post("/budgets/reopen")
    def budgets_reopen():  # type: ignore[no-untyped-def]
        asked = parse(ReopenRequest, json_body())
        caller = verified_caller()  # auth on: the verified caller is who asked, whatever the body's `by` says
        return jsonify(reopen(enabled(), asked.model_copy(update={"by": caller}) if caller else asked, upstreams))

    return blueprint


def replay_routes(replayer: Replayer) -> Blueprint:
    """POST /replay: what the Scheduler's replay job calls (body: ReplayRequest; empty = everything pending)."""
    blueprint = Blueprint("replay", __name__)

    @blueprint.post("/replay")
    def replay():  # type: ignore[no-untyped-def]
        asked = parse(ReplayRequest, json_body(optional=True))
        log_event(logger, f"Replay requested by {actor()}", event="replay_requested", actor=actor())
        summary = replayer.run(asked)
        return jsonify(summary.to_json())

    return blueprint
