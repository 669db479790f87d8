"""The one exception tree every service raises and maps to JSON errors."""

from __future__ import annotations


class CourtsideError(Exception):
    """Base of the tree: carries an HTTP status, a stable code and optionally the field at fault."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, field: str | None = None, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}

    def to_json(self) -> dict:
        """The JSON error body: {"error": {"code", "message", "field", ...details}}."""
        return {"error": {"code": self.code, "message": self.message, "field": self.field, **self.details}}


class ConfigError(CourtsideError):
    """A setting or config file is missing or malformed."""

    code = "config_error"


class BadRequest(CourtsideError):
    """The caller sent something invalid."""

    status = 400
    code = "bad_request"


class Unprocessable(BadRequest):
    """Every field is valid on its own but together they break a rule the schema cannot state (a reversed range)."""

    status = 422
    code = "unprocessable"


class NotFound(BadRequest):
    """What the request names does not exist; `field` says which parameter."""

    status = 404
    code = "not_found"


class UpstreamRetriable(CourtsideError):
    """An upstream API failed in a way worth retrying (429, 5xx, timeout, connection)."""

    status = 503
    code = "upstream_retriable"

    def __init__(
        self,
        message: str,
        *,
        retry_after_s: float | None = None,
        upstream_status: int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after_s = retry_after_s
        self.upstream_status = upstream_status


class UpstreamFatal(CourtsideError):
    """An upstream API failed in a way retrying will not fix (4xx, quota, malformed body)."""

    status = 502
    code = "upstream_fatal"

    def __init__(self, message: str, *, upstream_status: int | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.upstream_status = upstream_status


class UpstreamClosed(UpstreamRetriable):
    """The upstream's budget says no call now (cooling down): answered without touching the network."""

    code = "upstream_closed"


class QuotaExhausted(UpstreamFatal):
    """The upstream's credits are gone until its reset: answered without touching the network."""

    code = "quota_exhausted"


class WarehouseError(CourtsideError):
    """A warehouse call failed; the message names the table and the cause."""

    status = 503
    code = "warehouse_error"

    def __init__(self, message: str, *, table: str | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.table = table


class SchemaViolation(WarehouseError):
    """Rows do not match the table's schema in code; nothing was written."""

    status = 500
    code = "schema_violation"
