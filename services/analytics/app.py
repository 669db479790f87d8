"""Analytics service (phase 3): processors behind shared circuit breakers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask

from services.analytics import api
from services.analytics.circuit_routes import circuit_routes
from services.analytics.guarded_runner import GuardedRunner
from services.analytics.routes import process_routes
from services.analytics.status import deploy
from services.analytics.status.readiness import waits_for
from services.analytics.status.routes import status_routes
from shared.clock import Clock
from shared.health.checks import Thresholds
from shared.http.caller_guard import guard_from_settings
from shared.http.id_tokens import CachedTokens, TokenSource
from shared.openapi import add_openapi
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "analytics"
# The status page answers within 5 s, the warehouse or not: its reads (side by side) end by then.
STATUS_DEADLINES = {"/status": 4.0, "/status.json": 4.0}
# Who may call each mutating route when auth is on: the Settings field listing the verified callers.
CALLERS = {
    "POST /process": "callers_process",
    "POST /process-date-range": "callers_backfill",
    "POST /circuits/reset": "callers_circuits",
}


def create_app(
    settings: Settings | None = None,
    *,
    warehouse: Warehouse | None = None,
    runner: GuardedRunner | None = None,
    clock: Clock | None = None,
    token_source: TokenSource | None = None,
    deploy_probe: Callable[[], dict[str, Any]] | None = None,
) -> Flask:
    """Build the analytics app; the one place its real adapters (warehouse, circuit store, breaker) are wired."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    clock = clock or settings.clock()
    runner = runner or GuardedRunner.build(settings, warehouse, clock)
    app = service_app(__name__, SERVICE, settings, warehouse, STATUS_DEADLINES)
    app.register_blueprint(process_routes(runner, max_range_days=settings.max_range_days))
    app.register_blueprint(circuit_routes(runner))
    peer_urls, unknown = deploy.peers(settings)
    deploy_probe = deploy_probe or partial(
        deploy.section,
        {"commit": settings.build_commit, "revision": settings.revision},
        peer_urls,
        token_source or (CachedTokens() if settings.auth_enabled else None),
        unknown=unknown,
    )
    status = status_routes(
        warehouse,
        clock=clock,
        waits_for=waits_for,
        deploy=deploy_probe,
        thresholds=Thresholds(max_calls_lost_share=settings.calls_lost_share),
    )
    app.register_blueprint(status)
    add_openapi(app, SERVICE, settings.build_commit, api.ENDPOINTS)
    guard_from_settings(app, settings, "analytics_url", CALLERS)
    return app
