"""Start-up for a service process: settings and logging first; a bad setting stops it in one JSON line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from shared.errors import ConfigError
from shared.log import configure_logging
from shared.log_filters import register_secrets
from shared.preflight import BOOT_ERROR
from shared.settings import Settings, settings_from_env

App = TypeVar("App")


def boot(factory: Callable[[Settings], App]) -> App:
    """Build the service from the environment, or log the one bad setting at CRITICAL and exit."""
    configure_logging()
    try:
        settings = settings_from_env()
        register_secrets(settings.secret_values())
        configure_logging(settings.log_level, project=settings.gcp_project, clock=settings.clock())
        app = factory(settings)
    except ConfigError as exc:
        logging.getLogger("courtside.boot").critical(
            exc.message, extra={"json_fields": {"event": "config_error", "field": exc.field}}
        )
        raise SystemExit(BOOT_ERROR) from None  # gunicorn stops rather than respawning the worker
    logging.getLogger("courtside.boot").info(
        "service started",
        extra={
            "json_fields": {
                "event": "service_started",
                "environment": settings.environment,
                "commit": settings.build_commit,
                "auth_enabled": settings.auth_enabled,
            }
        },
    )
    if not settings.auth_enabled:
        logging.getLogger("courtside.boot").warning(
            "service-to-service auth is OFF (COURTSIDE_AUTH_ENABLED=false)",
            extra={"json_fields": {"event": "auth_disabled"}},
        )
    return app
