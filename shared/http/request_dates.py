"""Dates and instants a request may name: inside the NBA's era, so date arithmetic and formatting never overflow."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

FIRST_DAY = date(1946, 11, 1)  # the league's first game
LAST_DAY = date(2099, 12, 31)


def in_era(value: date) -> date:
    """`value` when it lies between FIRST_DAY and LAST_DAY, else a ValueError saying so."""
    day = value.date() if isinstance(value, datetime) else value  # its own wall date: converting could overflow
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"expected a date between {FIRST_DAY} and {LAST_DAY}")
    return value


RequestDate = Annotated[date, AfterValidator(in_era)]
RequestInstant = Annotated[datetime, AfterValidator(in_era)]


def iso_date_text(value: Any) -> Any:
    """`value` when it is a date or text spelled YYYY-MM-DD; a ValueError for any other spelling."""
    if isinstance(value, date) or isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(iso_date_text), AfterValidator(in_era)]  # the one ISO-date parameter type
