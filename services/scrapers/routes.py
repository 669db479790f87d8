"""POST /scrape and GET /scrapers."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request

from services.scrapers.archive import archive_from_settings
from services.scrapers.notify import notifier_from_settings
from services.scrapers.scrape_service import ScrapeService
from shared.group_commit_step import STEP_HEADER, Steps
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import json_body


def register_scrape_routes(app: Flask, settings: Settings, warehouse: Warehouse) -> ScrapeService:
    """Wire the real archive and notifier adapters and add the scrape routes to `app`."""
    service = ScrapeService(settings, warehouse, archive_from_settings(settings), notifier_from_settings(settings))
    blueprint = Blueprint("scrape", __name__)
    steps = Steps()

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        with steps.member(request.headers.get(STEP_HEADER)):  # siblings of a fan-out step write together
            return jsonify(service.run(json_body()))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    app.register_blueprint(blueprint)
    app.extensions["scrape_service"] = service
    return service
