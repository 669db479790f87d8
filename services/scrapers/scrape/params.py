"""The parameter models of scrapes: the /scrape body minus "scraper", validated; dates are US/Eastern."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.http.request_dates import IsoDate


class ScrapeParams(BaseModel):
    """Parameters of a scrape (the /scrape body minus "scraper"); an unknown one is a 400 naming it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DateParams(ScrapeParams):
    date: IsoDate = Field(description="US/Eastern game date, YYYY-MM-DD")


class OptionalDateParams(ScrapeParams):
    # Filled in by the scrape service from its clock when absent, so a transform always sees a date.
    date: IsoDate | None = Field(None, description="US/Eastern date; default today (the service's clock)")
