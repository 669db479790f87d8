"""POST /scrape and GET /scrapers."""

from __future__ import annotations

import math
import time

from flask import Blueprint, jsonify, request

from services.scrapers.fetch import DEADLINE_HEADER
from services.scrapers.scrape_service import ScrapeService
from shared.errors import BadRequest
from shared.web import json_body


def deadline_from(header: str | None) -> float | None:
    """The caller's deadline on this process's monotonic clock, from the seconds it says it still waits."""
    if header is None:
        return None
    try:
        seconds = float(header)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise BadRequest(f"{DEADLINE_HEADER} must be a positive number of seconds", field=DEADLINE_HEADER)
    return time.monotonic() + seconds


def scrape_routes(service: ScrapeService) -> Blueprint:
    """The scrape routes over one ScrapeService."""
    blueprint = Blueprint("scrape", __name__)

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        return jsonify(service.run(json_body(), deadline_at=deadline_from(request.headers.get(DEADLINE_HEADER))))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    return blueprint
