"""Every log line survives its fields (dates as ISO, the unserialisable as repr) and never carries a secret."""

import io
import json
import logging
from datetime import UTC, date, datetime

import pytest

from shared import log_filters
from shared.log import configure_logging, log_event

pytestmark = pytest.mark.usefixtures("restore_logging")


def logged(**fields) -> dict:
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    log_event(logging.getLogger("courtside.test"), "hello", event="test_event", level=logging.DEBUG, **fields)
    [line] = [json.loads(x) for x in stream.getvalue().splitlines() if '"test_event"' in x]
    return line


class Opaque:
    def __repr__(self) -> str:
        return "<Opaque 7>"


@pytest.mark.parametrize(
    ("fields", "expected", "warning"),
    [
        ({"game_date": date(2026, 11, 28)}, {"game_date": "2026-11-28"}, None),
        ({"at": datetime(2026, 11, 28, 17, tzinfo=UTC)}, {"at": "2026-11-28T17:00:00+00:00"}, None),
        ({"days": [date(2026, 11, 28)]}, {"days": ["2026-11-28"]}, None),
        ({"thing": Opaque(), "n": 1}, {"thing": "<Opaque 7>", "n": 1}, "not JSON-serialisable, logged as repr: thing"),
    ],
)
def test_fields_are_never_lost(fields, expected, warning):
    line = logged(**fields)
    assert line["message"] == "hello"
    assert {k: line[k] for k in expected} == expected
    assert line.get("log_warning") == warning


def test_registered_secrets_are_redacted_in_messages_and_fields(monkeypatch):
    monkeypatch.setattr(log_filters, "_secrets", set())
    log_filters.register_secrets(["hooks-token-123", None, ""])
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    logger = logging.getLogger("courtside.test")
    logger.debug("posting to https://hooks.example/hooks-token-123")
    log_event(logger, "x", event="e", url="https://hooks.example/hooks-token-123", nested={"token": "a?token=zz"})
    out = stream.getvalue()
    assert "hooks-token-123" not in out and "token=zz" not in out
    assert out.count("[REDACTED]") == 3
