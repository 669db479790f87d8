"""What a replay may be asked: a fetch-time window, one scraper or table, or a dry run; checked before any load."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.scrapers.archive.ledger import LedgerItem
from services.scrapers.scrape.base import Scraper
from shared.errors import BadRequest, Unprocessable
from shared.http.request_dates import RequestInstantAnyZone


class ReplayRequest(BaseModel):
    """POST /replay body and `courtside replay` options (times are fetch times; UTC when no offset is given)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: RequestInstantAnyZone | None = Field(None, description="replay payloads fetched at or after this time")
    until: RequestInstantAnyZone | None = Field(None, description="replay payloads fetched before this time")
    scraper: str | None = Field(None, description="only this scraper's payloads")
    table: str | None = Field(None, description="only payloads loading this table, e.g. nba_raw.oddsa_events")
    dry_run: bool = Field(False, strict=True, description="list what would be loaded, load nothing")

    def window(self) -> tuple[datetime | None, datetime | None]:
        """since and until as UTC-aware times."""
        return _utc(self.since), _utc(self.until)

    def check(self, scrapers: Mapping[str, Scraper]) -> None:
        """A 400 naming the field for an unknown scraper or table; a 422 naming since when it is not before until."""
        if self.scraper is not None and self.scraper not in scrapers:
            raise BadRequest(
                f"unknown scraper {self.scraper!r}; known scrapers: {', '.join(sorted(scrapers))}", field="scraper"
            )
        tables = sorted({s.table for s in scrapers.values()})
        if self.table is not None and self.table not in tables:
            raise BadRequest(f"unknown table {self.table!r}; scraped tables: {', '.join(tables)}", field="table")
        since, until = self.window()
        if since is not None and until is not None and since >= until:
            raise Unprocessable(
                f"since ({since.isoformat()}) must be before until ({until.isoformat()})", field="since"
            )

    def wants(self, item: LedgerItem) -> bool:
        """Whether the request covers this ledger item."""
        entry = item.entry
        since, until = self.window()
        return (
            (self.scraper is None or entry.scraper == self.scraper)
            and (self.table is None or entry.table == self.table)
            and (since is None or entry.fetched_at >= since)
            and (until is None or entry.fetched_at < until)
        )


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
