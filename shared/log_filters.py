"""What every log record passes before it is written, at every level: fields made JSON-safe, secrets redacted."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

REDACTED = "[REDACTED]"
# Credentials sent as query parameters (the Odds API's apiKey) or key=value pairs in any message.
_SECRET_PARAM = re.compile(r"(?i)\b(api_?key|key|token|access_token|password|secret|signature)=([^&\s\"',;]+)")
_secrets: set[str] = set()


def register_secrets(values: Iterable[str | None]) -> None:
    """Values to redact wherever they appear (settings' secrets, registered at start)."""
    _secrets.update(v for v in values if v and len(v) >= 4)


def redact(text: str) -> str:
    """`text` with every registered secret and every credential-looking query parameter replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _SECRET_PARAM.sub(rf"\1={REDACTED}", text)


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    return value


def _safe(value: Any) -> Any:
    """A JSON value: dates and datetimes as ISO strings, strings redacted; raises TypeError when it cannot be."""
    return _redacted(json.loads(json.dumps(value, default=_iso)))


class SafeRecord(logging.Filter):
    """Redact the message, the exception text and the fields; a field that cannot be JSON is kept as its repr
    and the line says so (`log_warning`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        fields = getattr(record, "json_fields", None)
        if isinstance(fields, dict):
            record.json_fields = _safe_fields(fields)
        return True


def _safe_fields(fields: dict[str, Any]) -> dict[str, Any]:
    safe, kept_as_repr = {}, []
    for name, value in fields.items():
        try:
            safe[name] = _safe(value)
        except (TypeError, ValueError):
            safe[name] = redact(repr(value))
            kept_as_repr.append(name)
    if kept_as_repr:
        safe["log_warning"] = f"not JSON-serialisable, logged as repr: {', '.join(kept_as_repr)}"
    return safe
