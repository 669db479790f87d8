"""POST /scrape and GET /scrapers."""

from __future__ import annotations

from flask import Blueprint, jsonify

from services.scrapers.scrape_service import ScrapeService
from shared.web import json_body


def scrape_routes(service: ScrapeService) -> Blueprint:
    """The scrape routes over one ScrapeService."""
    blueprint = Blueprint("scrape", __name__)

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        return jsonify(service.run(json_body()))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    return blueprint
