"""Dates and instants a request may name: inside the NBA's era, spelled as the OpenAPI documents say (ISO 8601)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

FIRST_DAY = date(1946, 11, 1)  # the league's first game
LAST_DAY = date(2099, 12, 31)

# The era's calendar dates as one regular expression, so the documents state the range the services enforce.
_MONTH_DAY = r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
_LEAP_DAY = r"(?:19(?:48|[68][048]|[579][26])|20(?:[02468][048]|[13579][26]))-02-29"
_FIRST_SEASON = r"1946-(?:11-(?:0[1-9]|[12][0-9]|30)|12-(?:0[1-9]|[12][0-9]|3[01]))"
ERA_DATE = rf"(?:{_FIRST_SEASON}|(?:19(?:4[7-9]|[5-9][0-9])|20[0-9]{{2}})-{_MONTH_DAY}|{_LEAP_DAY})"
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
_OFFSET = r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
ERA_INSTANT = rf"{ERA_DATE}[Tt]{_TIME}{_OFFSET}"  # RFC 3339, seconds required, no leap second
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"
ERA_INSTANT_ANY_ZONE = rf"{ERA_DATE}(?:[Tt]{_CLOCK}{_OFFSET}?)?"  # a date alone, or a time with or without offset
_DATE_TEXT = f"YYYY-MM-DD between {FIRST_DAY} and {LAST_DAY}"


def in_era(value: date) -> date:
    """`value` when it lies between FIRST_DAY and LAST_DAY, else a ValueError saying so."""
    day = value.date() if isinstance(value, datetime) else value  # its own wall date: converting could overflow
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"expected a date between {FIRST_DAY} and {LAST_DAY}")
    return value


def spelled(pattern: str, expected: str) -> BeforeValidator:
    """Text must match `pattern` whole (ASCII digits only); date and datetime objects pass as they are."""
    compiled = re.compile(pattern, re.ASCII)

    def check(value: Any) -> Any:
        if isinstance(value, date) or isinstance(value, str) and compiled.fullmatch(value):
            return value
        raise ValueError(f"expected {expected}")

    return BeforeValidator(check)


def _documented(pattern: str, description: str, fmt: str | None) -> WithJsonSchema:
    schema: dict[str, Any] = {"type": "string", "pattern": f"^{pattern}$", "description": description}
    return WithJsonSchema(schema | ({"format": fmt} if fmt else {}))


def iso_date_text(value: Any) -> Any:
    """`value` when it is a date or text spelled YYYY-MM-DD; a ValueError for any other spelling."""
    if isinstance(value, date) or isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


_INSTANT_TEXT = f"an RFC 3339 timestamp with its offset, e.g. 2026-11-28T14:05:00Z, dated {FIRST_DAY}..{LAST_DAY}"
_ANY_ZONE_TEXT = f"an ISO date or date and time, UTC unless it has an offset, dated {FIRST_DAY}..{LAST_DAY}"

# The one ISO-date parameter type: YYYY-MM-DD inside the era, documented with the range it enforces.
IsoDate = Annotated[
    date,
    BeforeValidator(iso_date_text),
    AfterValidator(in_era),
    _documented(ERA_DATE, f"a date, {_DATE_TEXT}", "date"),
]
RequestDate = IsoDate  # the same type under its older name
# An instant with its offset (seconds required, its own wall date inside the era).
RequestInstant = Annotated[
    datetime,
    spelled(ERA_INSTANT, _INSTANT_TEXT),
    AfterValidator(in_era),
    _documented(ERA_INSTANT, _INSTANT_TEXT, "date-time"),
]
# The same, the offset optional: what `courtside replay` and /replay take (no offset = UTC).
RequestInstantAnyZone = Annotated[
    datetime,
    spelled(ERA_INSTANT_ANY_ZONE, _ANY_ZONE_TEXT),
    AfterValidator(in_era),
    _documented(ERA_INSTANT_ANY_ZONE, _ANY_ZONE_TEXT, None),
]
