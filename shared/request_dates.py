"""Dates and instants a request may name: inside the NBA's era, so date arithmetic and formatting never overflow."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

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
