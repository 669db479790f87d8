"""Which failures are worth retrying, and how long an answer's Retry-After asks us to wait."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime

from shared.clock import Clock, system_now
from shared.log import log_event
from shared.resilience.outcomes import TRANSPORT_FAILURES
from shared.resilience.retrier import Attempt

logger = logging.getLogger(__name__)

RETRIABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# A retriable status carrying one of these codes is final: quota exhaustion, an upstream closed by its budget.
FATAL_CODES = frozenset({"upstream_fatal", "quota_exhausted", "upstream_closed", "OUT_OF_USAGE_CREDITS"})
TRANSPORT_ERRORS = TRANSPORT_FAILURES
_SECONDS = re.compile(r"\d+(\.\d+)?")


def is_retriable(status: int | None = None, *, code: str | None = None, transport: str | None = None) -> bool:
    """Retry 429/500/502/503/504, timeouts and connection errors; never other 4xx, never an exhausted quota."""
    if transport is not None:
        return transport in TRANSPORT_ERRORS
    return status in RETRIABLE_STATUSES and code not in FATAL_CODES


def parse_retry_after(value: str | None, now: Clock = system_now) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date, GMT when it names no zone); None when absent.

    An unreadable value is ignored with a warning: a bad hint must never turn a retriable answer into a crash.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _SECONDS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        log_event(logger, f"ignoring unreadable Retry-After {text[:64]!r}", event="retry_after_unreadable",
                  level=logging.WARNING, value=text[:64])  # fmt: skip
        return None
    if when.tzinfo is None:  # HTTP dates are GMT; "-0000" and a missing zone parse as naive
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


def refused(
    status: int, headers: Mapping[str, str], error: str, *, code: str | None = None, called: bool = True
) -> Attempt:
    """An HTTP answer that is not a success, as a failed attempt: retriable by its status (and error code), with the
    wait its Retry-After asks for."""
    return Attempt(
        ok=False,
        status=status,
        error=error,
        retriable=is_retriable(status, code=code),
        retry_after_s=parse_retry_after(headers.get("Retry-After")),
        called=called,
    )
