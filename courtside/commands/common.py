"""Helpers the command modules share: settings and a warehouse built from the environment."""

from __future__ import annotations

from datetime import datetime

from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse


def local_settings() -> Settings:
    """Settings from the environment; with no warehouse configured, the local stack's stand-in."""
    settings = load_settings()
    if settings.bq_endpoint is None and settings.environment == "local":
        from local.stack_members import PROJECT, clock_file, configured_ports

        settings = load_settings(
            bq_endpoint=f"http://127.0.0.1:{configured_ports()['bigquery']}",
            gcp_project=PROJECT,
            bq_retry_deadline_s=10,
            simulated_clock_file=settings.simulated_clock_file or clock_file(settings.data_dir),
        )
    return settings


def now() -> datetime:
    """Now on the command's clock: the local stack's simulated one, or the system's in production."""
    return local_settings().clock()()


def warehouse() -> Warehouse:
    """The warehouse the command should talk to."""
    return Warehouse.from_settings(local_settings())
