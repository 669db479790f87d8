"""Scrapers service (phase 1): /scrape per upstream endpoint and the workflow executor."""

from __future__ import annotations

from flask import Flask

from services.scrapers.routes import register_scrape_routes
from services.scrapers.workflows.routes import register_workflow_routes
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "scrapers"


def create_app(settings: Settings | None = None, *, warehouse: Warehouse | None = None) -> Flask:
    """Build the scrapers app; the one place its real adapters are wired."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    app = service_app(__name__, SERVICE, settings, warehouse)
    register_scrape_routes(app, settings, warehouse)
    register_workflow_routes(app, settings, warehouse)
    return app
