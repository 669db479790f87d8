"""How a guarded processor run is judged and logged: retriable warehouse trouble, and one processor_run line."""

from __future__ import annotations

import logging
from typing import Any

from google.api_core import exceptions as gexc

from shared.errors import SchemaViolation, WarehouseError
from shared.log import log_event

logger = logging.getLogger("services.analytics.guarded_runner")


def is_retriable(exc: BaseException) -> bool:
    """Worth redelivering: the warehouse was unreachable, overloaded or timed out (not a bad query or row)."""
    if not isinstance(exc, WarehouseError) or isinstance(exc, SchemaViolation):
        return False
    cause = exc.__cause__
    while isinstance(cause, WarehouseError):
        cause = cause.__cause__
    if isinstance(cause, gexc.ClientError):
        return isinstance(cause, gexc.TooManyRequests)
    return True


def log_run(name: str, scope: str, status: str, level: int, detail: str, **fields: Any) -> None:
    """One processor_run line: processed, retriable or failed, with its fields."""
    log_event(
        logger,
        f"{name} {status} for {scope}: {detail}",
        event="processor_run",
        level=level,
        processor=name,
        scope=scope,
        status=status,
        **fields,
    )
