"""Structured logging: one JSON line per record on stdout that Cloud Logging reads as jsonPayload."""

from __future__ import annotations

import logging
import sys
from datetime import UTC
from typing import IO, Any

from flask import has_request_context, request
from google.cloud.logging.handlers import StructuredLogHandler

from shared.clock import Clock, system_now
from shared.http import headers
from shared.log_filters import SafeRecord

_configured_stream: IO[str] | None = None


class _Timestamp(logging.Filter):
    """Stamp each record with the process clock's UTC time (`timestamp` itself is reserved): the simulated one
    in the local stack, so a simulated day's log lines carry that day's times."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def filter(self, record: logging.LogRecord) -> bool:
        stamp = self.clock().astimezone(UTC).isoformat().replace("+00:00", "Z")
        record.json_fields = {"logged_at": stamp, **getattr(record, "json_fields", {})}
        return True


class _RequestTrace(logging.Filter):
    """Label a request's records with its trace from a well-formed trace header only: a malformed one is ignored
    (the line carries no trace) instead of half-read by the handler's own lenient parser."""

    def __init__(self, project: str | None) -> None:
        super().__init__()
        self.project = project

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "trace"):
            sent = request.headers
            found = headers.trace(sent.get(headers.TRACEPARENT_HEADER), sent.get(headers.CLOUD_TRACE_HEADER))
            trace_id = found.trace_id if found else None
            record.trace = f"projects/{self.project}/traces/{trace_id}" if trace_id and self.project else trace_id
            record.span_id = found.span_id if found else None
            record.trace_sampled = bool(found and found.sampled)
        return True


def configure_logging(
    level: str = "INFO", *, stream: IO[str] | None = None, project: str | None = None, clock: Clock = system_now
) -> None:
    """Send every record through google-cloud-logging's StructuredLogHandler (severity, trace, fields).

    The trace comes from the request's W3C traceparent header, else its X-Cloud-Trace-Context, when well formed
    (`shared.http.headers.trace`); a malformed trace header is ignored, never a failed request or log line.
    """
    global _configured_stream
    target = stream or sys.stdout
    root = logging.getLogger()
    root.setLevel(level)
    # A second call (boot: before and after settings) must still set the project: without it the trace field
    # lacks projects/<project>/traces/ and Cloud Logging does not group a request's lines.
    current = [h for h in root.handlers if isinstance(h, StructuredLogHandler)]
    if _configured_stream is target and current and all(h.project_id == project for h in current):
        for stamp in (f for h in current for f in h.filters if isinstance(f, _Timestamp)):
            stamp.clock = clock
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = StructuredLogHandler(stream=target, project_id=project)
    # Before the handler's own filter, which reads json_fields and the trace: stamp, trace, then make safe (every
    # level, every logger).
    handler.filters.insert(0, SafeRecord())
    handler.filters.insert(0, _RequestTrace(project))
    handler.filters.insert(0, _Timestamp(clock))
    root.addHandler(handler)
    _configured_stream = target


def log_event(logger: logging.Logger, message: str, *, event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log `message` with event=... and the given fields as top-level jsonPayload keys."""
    logger.log(level, message, extra={"json_fields": {"event": event, **fields}}, stacklevel=2)
