"""Before a process serves: settings valid and Google credentials present, or one CRITICAL line and exit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NoReturn

from shared.errors import ConfigError
from shared.log import configure_logging
from shared.settings import Settings, settings_from_env

# gunicorn's Arbiter.WORKER_BOOT_ERROR: a worker exiting with it stops the master instead of being respawned.
BOOT_ERROR = 3


def google_credentials() -> None:
    """Find Application Default Credentials (metadata server, key file, gcloud); ConfigError when none."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    # google.auth logs its own warning about the metadata server: the one line below says it all.
    logging.getLogger("google.auth._default").setLevel(logging.ERROR)
    try:
        google.auth.default()  # type: ignore[no-untyped-call]
    except DefaultCredentialsError as exc:
        first = str(exc).splitlines()[0][:200] if str(exc) else "none found"
        raise ConfigError(f"no Google credentials for BigQuery: {first}", field="credentials") from None


def check(
    load: Callable[[], Settings] = settings_from_env, credentials: Callable[[], None] = google_credentials
) -> Settings:
    """The settings, once valid and (in production, against BigQuery) with credentials found; else ConfigError."""
    settings = load()
    if settings.environment == "production" and settings.bq_endpoint is None:
        credentials()
    return settings


def check_or_exit(
    load: Callable[[], Settings] = settings_from_env, credentials: Callable[[], None] = google_credentials
) -> Settings:
    """`check`, or log what is wrong on one line (event=config_error) and exit with BOOT_ERROR."""
    try:
        return check(load, credentials)
    except ConfigError as exc:
        stop(exc)


def stop(exc: ConfigError) -> NoReturn:
    """Log the one line and exit: no traceback, nothing else."""
    configure_logging()
    logging.getLogger("courtside.boot").critical(
        exc.message, extra={"json_fields": {"event": "config_error", "field": exc.field}}
    )
    raise SystemExit(BOOT_ERROR) from None
