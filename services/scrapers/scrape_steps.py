"""The steps of one scrape between fetch and record: the run's state, the archived body, the load."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.scrapers.base import Scraper
from services.scrapers.fetch import Page
from shared.errors import SchemaViolation, UpstreamFatal
from shared.warehouse import Warehouse


@dataclass
class ScrapeRun:
    """What one scrape has done so far (failed runs are recorded from it too)."""

    run_id: str
    scraper: Scraper
    params: Any
    started_at: datetime
    t0: float
    archive_path: str | None = None
    rows: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def archive_body(pages: list[Page]) -> bytes:
    """The raw payload as upstream sent it; several pages are kept together as {"pages": [...]}."""
    payload = pages[0].body if len(pages) == 1 else {"pages": [p.body for p in pages]}
    return json.dumps(payload, ensure_ascii=False).encode()


def quota_fields(pages: list[Page]) -> dict[str, Any]:
    """The Odds API's credit headers of the last page, for the log line."""
    remaining = pages[-1].headers.get("x-requests-remaining") if pages else None
    return {"quota_remaining": remaining} if remaining is not None else {}


def load_scraped(warehouse: Warehouse, scraper: Scraper, rows: list[dict[str, Any]]) -> int:
    """Load the rows (validated by the warehouse); a row that does not fit is the upstream's fault."""
    if not rows:
        return 0
    try:
        return warehouse.load_rows(scraper.table, rows)
    except SchemaViolation as exc:
        raise UpstreamFatal(f"{scraper.name}: upstream data does not fit: {exc.message}", field=exc.field) from exc
