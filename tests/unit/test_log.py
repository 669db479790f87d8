"""Log lines are JSON with a severity, and fields land as top-level keys (jsonPayload in Cloud Logging)."""

import io
import json
import logging

import pytest
from flask import Flask

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


# As Cloud Run's front end sends them (both forms of one trace).
CLOUD_RUN = {
    "X-Cloud-Trace-Context": "4bf92f3577b34da6a3ce929d0e0e4736/6952425287236531843;o=1",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-607c9bb3a4c0e7b3-01",
}


@pytest.mark.parametrize("headers", [CLOUD_RUN, {"traceparent": CLOUD_RUN["traceparent"]},
                                     {"X-Cloud-Trace-Context": CLOUD_RUN["X-Cloud-Trace-Context"]}])  # fmt: skip
def test_request_lines_carry_the_full_trace_name_after_boots_second_call(headers):
    stream = io.StringIO()
    configure_logging(stream=stream)  # boot: before the settings are known
    configure_logging("INFO", stream=stream, project="proj-123")  # boot: with them
    app = Flask("trace_test")

    @app.get("/work")
    def work():  # type: ignore[no-untyped-def]
        logging.getLogger("courtside.trace").info("inside the request")
        return "ok"

    app.test_client().get("/work", headers=headers)
    [record] = [r for r in lines(stream) if r.get("message") == "inside the request"]
    assert record["logging.googleapis.com/trace"] == "projects/proj-123/traces/4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.mark.parametrize(
    ("headers", "trace"),
    [
        ({"traceparent": "00-zz-1-01", "X-Cloud-Trace-Context": CLOUD_RUN["X-Cloud-Trace-Context"]},
         "projects/proj-123/traces/4bf92f3577b34da6a3ce929d0e0e4736"),
        ({"traceparent": "garbage", "X-Cloud-Trace-Context": "héllo/1;o=1"}, ""),
        ({"X-Cloud-Trace-Context": "a\"b\\c"}, ""),
    ],
)  # fmt: skip
def test_a_malformed_trace_header_is_ignored_and_the_line_is_still_written(headers, trace):
    stream = io.StringIO()
    configure_logging("INFO", stream=stream, project="proj-123")
    app = Flask("trace_test")

    @app.get("/work")
    def work():  # type: ignore[no-untyped-def]
        logging.getLogger("courtside.trace").info("inside the request")
        return "ok"

    assert app.test_client().get("/work", headers=headers).status_code == 200
    [record] = [r for r in lines(stream) if r.get("message") == "inside the request"]
    assert record["logging.googleapis.com/trace"] == trace
