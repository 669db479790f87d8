"""The parameter models of scrapes: the /scrape body minus "scraper", validated; dates are US/Eastern."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from shared.eastern import eastern_today
from shared.request_dates import RequestDate


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[RequestDate, BeforeValidator(_iso_date)]


class ScrapeParams(BaseModel):
    """Parameters of a scrape (the /scrape body minus "scraper"); an unknown one is a 400 naming it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DateParams(ScrapeParams):
    date: IsoDate = Field(description="US/Eastern game date, YYYY-MM-DD")


class OptionalDateParams(ScrapeParams):
    date: IsoDate = Field(default_factory=eastern_today, description="US/Eastern date; default today")
