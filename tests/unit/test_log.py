"""Log lines are JSON with a severity, and fields land as top-level keys (jsonPayload in Cloud Logging)."""

import io
import json
import logging

import pytest

from shared.log import configure_logging, log_event

pytestmark = pytest.mark.usefixtures("restore_logging")


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_event_fields_are_top_level_json_keys():
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    logger = logging.getLogger("courtside.test")
    log_event(
        logger,
        "Retry attempt 2/3 for espn_roster",
        event="retry_attempt",
        level=logging.WARNING,
        scraper="espn_roster",
        attempt=2,
        max_attempts=3,
    )
    record = [r for r in lines(stream) if r.get("event") == "retry_attempt"][0]
    assert record["message"] == "Retry attempt 2/3 for espn_roster"
    assert record["severity"] == "WARNING"
    assert record["scraper"] == "espn_roster"
    assert record["attempt"] == 2
    assert record["logged_at"].endswith("Z")


def test_every_line_has_a_severity_including_exceptions():
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    logger = logging.getLogger("courtside.test2")
    logger.debug("debug line")
    try:
        raise ValueError("kaboom")
    except ValueError:
        logger.exception("failed")
    records = lines(stream)
    assert {r["severity"] for r in records} >= {"DEBUG", "ERROR"}
    assert all("severity" in r for r in records)
    assert "kaboom" in [r for r in records if r["severity"] == "ERROR"][0]["message"]


def test_level_filters_lower_records():
    stream = io.StringIO()
    configure_logging("WARNING", stream=stream)
    logging.getLogger("courtside.test3").info("hidden")
    assert not [r for r in lines(stream) if r.get("message") == "hidden"]
