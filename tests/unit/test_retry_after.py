"""Retry-After as every server writes it: delta-seconds, HTTP dates in GMT (named or not), and garbage."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from shared.resilience.classify import parse_retry_after

NOW = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("5", 5.0),
        ("0", 0.0),
        (" 2.5 ", 2.5),
        (None, None),
        ("", None),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # in the past: retry now
        ("Wed, 21 Oct 2015 07:28:30 +0000", 30.0),
        ("Wed, 21 Oct 2015 07:28:30 -0000", 30.0),  # "-0000" parses as a naive datetime
        ("Wed, 21 Oct 2015 07:28:30", 30.0),  # no zone at all: HTTP dates are GMT
        ("Wed, 21 Oct 2015 09:28:30 +0200", 30.0),
    ],
)
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header, now=lambda: NOW) == expected


@pytest.mark.parametrize("header", ["soon", "-5", "inf", "nan", "1e9", "Wed, 99 Oct 2015 07:28:30 GMT"])
def test_unreadable_retry_after_is_ignored_with_a_warning(header, caplog):
    caplog.set_level(logging.WARNING, logger="shared.resilience.classify")
    assert parse_retry_after(header, now=lambda: NOW) is None
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and record.json_fields["event"] == "retry_after_unreadable"  # type: ignore[attr-defined]
