"""Analytics service (phase 3): processors behind shared circuit breakers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask

from services.analytics import api
from services.analytics.circuit_routes import circuit_routes
from services.analytics.guarded_runner import GuardedRunner, utcnow
from services.analytics.routes import process_routes
from shared.openapi import add_openapi
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "analytics"


def create_app(
    settings: Settings | None = None,
    *,
    warehouse: Warehouse | None = None,
    runner: GuardedRunner | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> Flask:
    """Build the analytics app; the one place its real adapters (warehouse, circuit store, breaker) are wired."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    runner = runner or GuardedRunner.build(settings, warehouse, clock)
    app = service_app(__name__, SERVICE, settings, warehouse)
    app.register_blueprint(process_routes(runner, max_range_days=settings.max_range_days))
    app.register_blueprint(circuit_routes(runner))
    add_openapi(app, SERVICE, settings.build_commit, api.ENDPOINTS)
    return app
