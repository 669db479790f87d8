"""What the analytics endpoints accept: Pub/Sub push envelopes, date ranges, circuit resets."""

from __future__ import annotations

import base64
import binascii
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from shared.errors import BadRequest, Unprocessable
from shared.http.json_input import JsonInt, load_json
from shared.http.request_dates import IsoDate
from shared.web import parse


class TableUpdate(BaseModel):
    """A scraper's "table updated" notice (ours: unknown fields are refused)."""

    model_config = ConfigDict(extra="forbid")
    table: str = Field(
        min_length=1,
        description="the raw table loaded, one a processor reads: another is a 400, but acknowledged (200, nothing "
        "run) in a Pub/Sub push, which would otherwise be redelivered for nothing",
    )
    game_date: IsoDate


class Notice(NamedTuple):
    """A table update and how it came: in a Pub/Sub push envelope, or plainly."""

    update: TableUpdate
    pushed: bool


PUSH_DATA_FORMAT = "base64-table-update"  # the documents' name for "base64 of a TableUpdate JSON object"


class PushMessage(BaseModel):
    """The message of a Pub/Sub push: our TableUpdate JSON, base64, in `data`."""

    model_config = ConfigDict(extra="allow")  # Pub/Sub's shape, not ours: it adds fields as it likes
    data: str = Field(
        description="standard base64 (RFC 4648) of a TableUpdate JSON object",
        json_schema_extra={
            "format": PUSH_DATA_FORMAT,
            "contentEncoding": "base64",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/TableUpdate"},
        },
    )
    attributes: dict[str, str] | None = None
    messageId: str | None = None  # noqa: N815 (Pub/Sub's names)
    message_id: str | None = None
    publishTime: str | None = None  # noqa: N815
    publish_time: str | None = None


class PushEnvelope(BaseModel):
    """A Pub/Sub push delivery; unknown-field checks apply to our JSON inside message.data, not to this."""

    model_config = ConfigDict(extra="allow")
    message: PushMessage
    subscription: str | None = None
    deliveryAttempt: JsonInt | None = None  # noqa: N815 (set once a dead-letter policy is)


class DateRange(BaseModel):
    """POST /process-date-range."""

    model_config = ConfigDict(extra="forbid")
    start_date: IsoDate
    end_date: IsoDate = Field(description="on or after start_date, the range at most max_range_days long")
    processors: list[str] | None = Field(None, description="processors to run; none or empty: every processor")

    def check(self, max_days: int) -> DateRange:
        """Reversed or longer than `max_days` → 422 naming end_date."""
        if self.end_date < self.start_date:
            raise Unprocessable("end_date is before start_date", field="end_date")
        days = (self.end_date - self.start_date).days + 1
        if days > max_days:
            raise Unprocessable(f"range of {days} days exceeds max_range_days={max_days}", field="end_date")
        return self


class CircuitReset(BaseModel):
    """POST /circuits/reset."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1)


def table_update(payload: dict[str, Any]) -> Notice:
    """A Pub/Sub push envelope {"message": {"data": base64(JSON)}} or the same JSON plainly, and which it was."""
    if "message" not in payload:
        return Notice(parse(TableUpdate, payload), pushed=False)
    message = payload["message"]
    if not isinstance(message, dict) or not isinstance(message.get("data"), str):
        raise BadRequest("message.data: a Pub/Sub push envelope needs message.data (base64)", field="message.data")
    envelope = parse(PushEnvelope, payload)
    try:
        raw = base64.b64decode(envelope.message.data, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("message.data: not valid base64", field="message.data") from None
    decoded = load_json(raw, field="message.data")
    if not isinstance(decoded, dict):
        raise BadRequest("message.data: decoded JSON must be an object", field="message.data")
    return Notice(parse(TableUpdate, decoded), pushed=True)
