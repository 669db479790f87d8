"""Secrets never reach a log line, whatever the level: DEBUG on, a real Odds API scrape through urllib3."""

import io
import logging

import pytest

from shared.log import configure_logging

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("restore_logging")]


def test_debug_logs_of_an_odds_api_scrape_never_show_the_key(client):
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    body = client.post("/scrape", json={"scraper": "oddsa_events", "date": "2024-01-24"}).get_json()
    logging.getLogger("courtside.test").error("failed: http://x/v4/events?apiKey=odds-key&date=1", exc_info=False)
    output = stream.getvalue()
    assert body["status"] == "success"
    assert "apiKey=[REDACTED]" in output  # urllib3's DEBUG line of the request was captured, redacted
    assert "odds-key" not in output
