"""What the analytics endpoints accept: Pub/Sub push envelopes, date ranges, circuit resets, the caller."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.errors import BadRequest
from shared.web import parse


class TableUpdate(BaseModel):
    """A scraper's "table updated" notice."""

    model_config = ConfigDict(extra="ignore")
    table: str = Field(min_length=1)
    game_date: date


class DateRange(BaseModel):
    """POST /process-date-range."""

    model_config = ConfigDict(extra="forbid")
    start_date: date
    end_date: date
    processors: list[str] | None = None

    def check(self, max_days: int) -> DateRange:
        """Reversed or longer than `max_days` → 400 naming end_date."""
        if self.end_date < self.start_date:
            raise BadRequest("end_date is before start_date", field="end_date")
        days = (self.end_date - self.start_date).days + 1
        if days > max_days:
            raise BadRequest(f"range of {days} days exceeds max_range_days={max_days}", field="end_date")
        return self


class CircuitReset(BaseModel):
    """POST /circuits/reset."""

    key: str = Field(min_length=1)


def table_update(payload: dict[str, Any]) -> TableUpdate:
    """A Pub/Sub push envelope {"message": {"data": base64(JSON)}} or the same JSON plainly."""
    if "message" not in payload:
        return parse(TableUpdate, payload)
    message = payload["message"]
    if not isinstance(message, dict) or not isinstance(message.get("data"), str):
        raise BadRequest("message.data: a Pub/Sub push envelope needs message.data (base64)", field="message.data")
    try:
        raw = base64.b64decode(message["data"], validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("message.data: not valid base64", field="message.data") from None
    try:
        decoded = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"message.data: not valid JSON after base64 decoding ({exc})", field="message.data") from None
    if not isinstance(decoded, dict):
        raise BadRequest("message.data: decoded JSON must be an object", field="message.data")
    return parse(TableUpdate, decoded)


def requester(headers: Any) -> str:
    """Who asked (headers: any mapping): IAP's user header, else the bearer token's email claim, else "unknown"."""
    iap = headers.get("X-Goog-Authenticated-User-Email")
    if iap:
        return iap.split(":", 1)[-1]
    auth = headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        # Not verified here: Cloud Run verifies the token before the request arrives; this only labels the log.
        email = _claim(auth[len("Bearer ") :], "email")
        if email:
            return email
    return "unknown"


def _claim(token: str, name: str) -> str | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return None
    value = body.get(name) if isinstance(body, dict) else None
    return value if isinstance(value, str) else None
