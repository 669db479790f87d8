"""The status page's deploy section in production: a peer URL left at its 127.0.0.1 default is unknown, never asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.analytics.app import create_app
from services.analytics.status import deploy
from shared.settings import load_settings

pytestmark = pytest.mark.integration
AT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
SCRAPERS = "https://courtside-scrapers-x7k2p9-uc.a.run.app"


@pytest.mark.parametrize(
    ("environment", "scrapers_url", "asked", "unknown"),
    [
        ("production", SCRAPERS, {"scrapers": f"{SCRAPERS}/"}, ["freshness"]),
        ("production", None, {}, ["freshness", "scrapers"]),
        ("local", None, {"scrapers": "http://127.0.0.1:8080/", "freshness": "http://127.0.0.1:8082/"}, []),
    ],
)
def test_peers_are_asked_only_where_their_url_can_be_them(environment, scrapers_url, asked, unknown):
    settings = load_settings(environment=environment, **({"scrapers_url": scrapers_url} if scrapers_url else {}))
    urls, why = deploy.peers(settings)
    assert urls == asked and sorted(why) == unknown
    for name in unknown:
        assert why[name].startswith(f"unknown: COURTSIDE_{name.upper()}_URL is not set")
        assert "127.0.0.1" in why[name]


def test_the_page_shows_an_unset_peer_url_as_unknown_and_asks_only_the_others(settings, warehouse):
    production = settings.model_copy(update={"environment": "production", "scrapers_url": SCRAPERS})
    audiences: list[str] = []

    def token_source(audience: str) -> str:
        audiences.append(audience)
        raise RuntimeError("no metadata server in a test")  # the page says so instead of asking

    app = create_app(production, warehouse=warehouse, clock=lambda: AT, token_source=token_source)
    body = app.test_client().get("/status.json").get_json()["deploy"]
    services = {s["service"]: s for s in body["services"]}
    assert audiences == [SCRAPERS]  # 127.0.0.1:8082 is never asked
    assert services["scrapers"]["error"] == "cannot get an ID token: RuntimeError"
    assert services["freshness"]["error"].startswith("unknown: COURTSIDE_FRESHNESS_URL is not set")
    assert services["freshness"].get("commit") is None and body["unknown"] == ["freshness"]
    assert body["mismatch"] is False
    page = app.test_client().get("/status").get_data(as_text=True)
    assert "COURTSIDE_FRESHNESS_URL is not set" in page and "<strong>Unknown:</strong> freshness" in page
