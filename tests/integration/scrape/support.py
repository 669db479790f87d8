"""Helpers for the /scrape tests: settings pointing every upstream at one URL, warehouse counts."""

from __future__ import annotations

from typing import Any

from pydantic import HttpUrl, SecretStr

from shared.settings import Settings
from shared.warehouse import Warehouse

KEYS = {"odds_api_key": "odds-key", "bdl_api_key": "bdl-key", "bettingpros_api_key": "bp-key"}
_URLS = ("nbacom_cdn_url", "nbacom_official_url", "odds_api_url", "bdl_url", "espn_url", "bettingpros_url")


def scrape_settings(settings: Settings, upstream_url: str, **more: Any) -> Settings:
    """`settings` with every upstream at upstream_url, API keys set and a 0.5 s upstream timeout."""
    update: dict[str, Any] = {name: HttpUrl(upstream_url) for name in _URLS}
    update |= {name: SecretStr(value) for name, value in KEYS.items()}
    return settings.model_copy(update={**update, "upstream_timeout_s": 0.5, **more})


def count(warehouse: Warehouse, table: str) -> int:
    return int(warehouse.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])


def runs(warehouse: Warehouse) -> list[dict[str, Any]]:
    return warehouse.query("SELECT * FROM nba_orchestration.scraper_runs ORDER BY started_at")
