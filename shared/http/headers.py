"""The request headers the services read, each parsed strictly from its own small grammar (ASCII only).

Ours (`X-Courtside-Step`, `X-Courtside-Deadline`): a malformed value is a 400 naming the header. The trace headers
(`traceparent`, `X-Cloud-Trace-Context`) are the platform's, only ever used to label log lines: a malformed one is
ignored, as W3C Trace Context asks, and never fails a request.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from shared.errors import BadRequest

STEP_HEADER = "X-Courtside-Step"  # "<step id>;<number of calls in the step>"
DEADLINE_HEADER = "X-Courtside-Deadline"  # seconds the caller still waits for this answer
TRACEPARENT_HEADER = "traceparent"  # W3C Trace Context
CLOUD_TRACE_HEADER = "X-Cloud-Trace-Context"  # Google's "TRACE_ID/SPAN_ID;o=OPTIONS"

MAX_STEP_CALLS = 1000  # far above the executor's at most 64 parallel calls
MAX_DEADLINE_S = 3600.0  # Cloud Run's longest request timeout: no caller waits longer

_STEP = re.compile(r"([A-Za-z0-9_-]{1,64});([0-9]{1,4})")
_SECONDS = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,9})?")
_TRACEPARENT = re.compile(r"(?!ff)([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[\x21-\x7e]*)?")
_CLOUD_TRACE = re.compile(r"([0-9a-fA-F]{32})(?:/([0-9]{1,20}))?(?:;o=([01]))?")


class StepHeader(NamedTuple):
    """A fan-out step this request is one call of: the step's id and how many calls it has."""

    step_id: str
    calls: int


class Trace(NamedTuple):
    """The request's trace: 32 lowercase hex digits, the span as 16 hex digits when known, sampled or not."""

    trace_id: str
    span_id: str | None
    sampled: bool


def step(value: str | None) -> StepHeader | None:
    """X-Courtside-Step: `<id>;<calls>`, an id of 1-64 ASCII letters, digits, `-` or `_` and 2..MAX_STEP_CALLS calls."""
    if value is None:
        return None
    match = _STEP.fullmatch(value)
    if match is None or not 2 <= int(match[2]) <= MAX_STEP_CALLS:
        raise BadRequest(
            f"{STEP_HEADER} must be <id>;<calls>: an id of 1-64 ASCII letters, digits, '-' or '_', "
            f"and 2 to {MAX_STEP_CALLS} calls in ASCII digits",
            field=STEP_HEADER,
        )
    return StepHeader(match[1], int(match[2]))


def deadline_seconds(value: str | None) -> float | None:
    """X-Courtside-Deadline: seconds in ASCII decimal (`2.5`), more than 0 and at most MAX_DEADLINE_S."""
    if value is None:
        return None
    seconds = float(value) if _SECONDS.fullmatch(value) else 0.0
    if not 0 < seconds <= MAX_DEADLINE_S:
        raise BadRequest(
            f"{DEADLINE_HEADER} must be seconds in decimal digits (e.g. 2.5), more than 0 and at most "
            f"{MAX_DEADLINE_S:g}",
            field=DEADLINE_HEADER,
        )
    return seconds


def deadline_value(seconds: float) -> str:
    """The X-Courtside-Deadline a caller sends for `seconds` left, within what deadline_seconds accepts."""
    return f"{min(max(seconds, 0.001), MAX_DEADLINE_S):.3f}"


def trace(traceparent: str | None, cloud_trace: str | None) -> Trace | None:
    """A request's trace: its traceparent when well formed, else its X-Cloud-Trace-Context when well formed."""
    return _traceparent(traceparent) or _cloud_trace(cloud_trace)


def _traceparent(value: str | None) -> Trace | None:
    match = _TRACEPARENT.fullmatch(value or "")
    if match is None or set(match[2]) == {"0"} or set(match[3]) == {"0"} or (match[1] == "00" and match[5]):
        return None  # version 00 has exactly four parts; a later version may add more after a dash
    return Trace(match[2], match[3], bool(int(match[4], 16) & 1))


def _cloud_trace(value: str | None) -> Trace | None:
    match = _CLOUD_TRACE.fullmatch(value or "")
    if match is None or set(match[1]) == {"0"}:
        return None
    span = int(match[2]) if match[2] else 0
    return Trace(match[1].lower(), f"{span:016x}" if 0 < span < 2**64 else None, match[3] == "1")
