"""Analytics service (phase 3): processors behind shared circuit breakers."""

from __future__ import annotations

from flask import Flask

from services.analytics.routes import register_routes
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "analytics"


def create_app(settings: Settings | None = None, *, warehouse: Warehouse | None = None) -> Flask:
    """Build the analytics app; the one place its real adapters are wired."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    app = service_app(__name__, SERVICE, settings, warehouse)
    register_routes(app)
    return app
