"""How an attempt ended without an HTTP status: one enum, written where the status would be (and in errors_json)."""

from __future__ import annotations

from enum import StrEnum


class AttemptFailure(StrEnum):
    """Why an attempt has no HTTP status; the value is the word stored and logged, as before."""

    TIMEOUT = "timeout"  # no answer within the attempt's timeout, or no free executor slot in time
    CONNECTION = "connection"  # refused, reset or unreachable: the request never got an answer
    DEADLINE = "deadline"  # the caller's deadline passed before the attempt went out
    AUTH = "auth"  # no ID token could be had for the call
    REQUEST_ERROR = "request_error"  # any other failure of the request on our side
    SKIPPED = "skipped"  # the plan blocked the call: a step it needs found nothing
    BUDGET = "budget"  # the upstream's budget refused the call before it went out
    INTERNAL = "internal"  # our own bug, recorded with its cause


TRANSPORT_FAILURES = frozenset({AttemptFailure.TIMEOUT, AttemptFailure.CONNECTION})  # the retriable ones
