"""Freshness checker: missing box scores and stale tables, with alerts."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask

from services.freshness import api
from services.freshness.alerts import Webhook
from services.freshness.config import FreshnessConfig, load_config
from services.freshness.routes import check_routes
from shared.clock import Clock
from shared.http.caller_guard import guard_from_settings
from shared.openapi import add_openapi
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse
from shared.web import service_app

SERVICE = "freshness"
# A check answers within a minute even with the warehouse frozen (Scheduler waits 300 s; callers less).
CHECK_DEADLINE_S = 50.0
# Who may run a check when auth is on (GET / runs one too: it records history and sends alerts).
CALLERS = {"POST /": "callers_freshness", "GET /": "callers_freshness"}


def webhook_from(settings: Settings, sleep: Callable[[float], None]) -> Webhook | None:
    """The alert webhook when one is configured."""
    if settings.alert_webhook_url is None:
        return None
    return Webhook(
        settings.alert_webhook_url.get_secret_value(),
        attempts=settings.alert_webhook_attempts,
        timeout_s=settings.alert_webhook_timeout_s,
        deadline_s=settings.alert_webhook_deadline_s,
        sleep=sleep,
    )


def create_app(
    settings: Settings | None = None,
    *,
    warehouse: Warehouse | None = None,
    config: FreshnessConfig | None = None,
    clock: Clock | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Flask:
    """Build the freshness app; the one place its real adapters are wired (checks.yaml is read now: a bad file
    stops start-up)."""
    settings = settings or load_settings()
    warehouse = warehouse or Warehouse.from_settings(settings)
    config = config or load_config(settings.freshness_checks_path)
    app = service_app(__name__, SERVICE, settings, warehouse, {"/": CHECK_DEADLINE_S})
    routes = check_routes(
        config,
        warehouse,
        webhook_from(settings, sleep),
        default_lookback_days=settings.freshness_lookback_days,
        clock=clock or settings.clock(),
    )
    app.register_blueprint(routes)
    add_openapi(app, SERVICE, settings.build_commit, api.ENDPOINTS)
    guard_from_settings(app, settings, "freshness_url", CALLERS)
    return app
