"""POST /scrape, GET /scrapers and POST /replay."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from services.scrapers.page_retry import TIMEOUT_HEADER, caller_deadline
from services.scrapers.replay import Replayer
from services.scrapers.replay_request import ReplayRequest
from services.scrapers.scrape_service import ScrapeService
from shared.errors import CourtsideError
from shared.group_commit_step import STEP_HEADER, Steps
from shared.web import json_body, parse


class Unauthenticated(CourtsideError):
    """A request that must carry a Google-signed ID token came without one."""

    status = 401
    code = "unauthenticated"


def scrape_routes(service: ScrapeService) -> Blueprint:
    """The scrape routes over one ScrapeService."""
    blueprint = Blueprint("scrape", __name__)
    steps = Steps()

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        with steps.member(request.headers.get(STEP_HEADER)):  # siblings of a fan-out step write together
            deadline_at = caller_deadline(request.headers.get(TIMEOUT_HEADER))
            return jsonify(service.run(json_body(), deadline_at=deadline_at))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    return blueprint


def replay_routes(replayer: Replayer, *, auth_enabled: bool) -> Blueprint:
    """POST /replay: what the Scheduler's replay job calls (body: ReplayRequest; empty = everything pending)."""
    blueprint = Blueprint("replay", __name__)

    @blueprint.post("/replay")
    def replay():  # type: ignore[no-untyped-def]
        # Cloud Run verifies the token (IAM invoker) before the request arrives; a request without one is refused.
        if auth_enabled and not request.headers.get("Authorization", "").startswith("Bearer "):
            raise Unauthenticated("POST /replay needs a Google-signed ID token (Authorization: Bearer ...)")
        summary = replayer.run(parse(ReplayRequest, json_body(optional=True)))
        return jsonify(summary.to_json())

    return blueprint
