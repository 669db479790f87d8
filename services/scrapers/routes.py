"""POST /scrape, GET /scrapers and POST /replay."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request

from services.scrapers.archive import archive_from_settings
from services.scrapers.notify import notifier_from_settings
from services.scrapers.replay import Replayer
from services.scrapers.replay_request import ReplayRequest
from services.scrapers.scrape_service import ScrapeService
from shared.errors import CourtsideError
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import json_body, parse


class Unauthenticated(CourtsideError):
    """A request that must carry a Google-signed ID token came without one."""

    status = 401
    code = "unauthenticated"


def register_scrape_routes(app: Flask, settings: Settings, warehouse: Warehouse) -> ScrapeService:
    """Wire the real archive and notifier adapters and add the scrape and replay routes to `app`."""
    archive, notifier = archive_from_settings(settings), notifier_from_settings(settings)
    service = ScrapeService(settings, warehouse, archive, notifier)
    replayer = Replayer(archive, warehouse, notifier, ledger=service.ledger)
    blueprint = Blueprint("scrape", __name__)

    @blueprint.post("/scrape")
    def scrape():  # type: ignore[no-untyped-def]
        return jsonify(service.run(json_body()))

    @blueprint.get("/scrapers")
    def scrapers():  # type: ignore[no-untyped-def]
        return jsonify({"scrapers": service.describe()})

    @blueprint.post("/replay")
    def replay():  # type: ignore[no-untyped-def]
        # Cloud Run verifies the token (IAM invoker) before the request arrives; a request without one is refused.
        if settings.auth_enabled and not request.headers.get("Authorization", "").startswith("Bearer "):
            raise Unauthenticated("POST /replay needs a Google-signed ID token (Authorization: Bearer ...)")
        summary = replayer.run(parse(ReplayRequest, json_body(optional=True)))
        return jsonify(summary.to_json())

    app.register_blueprint(blueprint)
    app.extensions["scrape_service"] = service
    app.extensions["replayer"] = replayer
    return service
