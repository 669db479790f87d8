"""The steps of one scrape between fetch and record: the run's state, the archived body, the load.

A live scrape and a replay share `load_payload`: parse the pages, stamp lineage, validate + MERGE."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.fetch import Page
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
    summary: dict[str, Any] = field(default_factory=dict)  # data_summary: later steps fan out on it, even if pending


def archive_body(pages: list[Page]) -> bytes:
    """The raw payload as upstream sent it; several pages are kept together as {"pages": [...]}."""
    payload = pages[0].body if len(pages) == 1 else {"pages": [p.body for p in pages]}
    return json.dumps(payload, ensure_ascii=False).encode()


def params_from_manifest(scraper: Scraper, params: dict[str, Any]) -> Any:
    """A scrape's parameters read back from its ledger manifest (which also holds computed fields: espn_team)."""
    return scraper.params.model_validate({k: v for k, v in params.items() if k in scraper.params.model_fields})


def pages_from_archive(raw: bytes, pages: int) -> list[Page]:
    """The pages an archived body was made from (the inverse of archive_body); bad JSON is UpstreamFatal."""
    try:
        payload = json.loads(raw)
        bodies = payload["pages"] if pages > 1 else [payload]
    except (ValueError, KeyError, TypeError) as exc:
        raise UpstreamFatal(f"archived payload is not the JSON that was fetched: {type(exc).__name__}: {exc}") from exc
    if not isinstance(bodies, list) or len(bodies) != pages:
        raise UpstreamFatal(f"archived payload holds {len(bodies)} pages, the ledger says {pages}")
    return [Page(200, {}, body) for body in bodies]


def quota_fields(pages: list[Page]) -> dict[str, Any]:
    """The Odds API's credit headers of the last page, for the log line."""
    remaining = pages[-1].headers.get("x-requests-remaining") if pages else None
    return {"quota_remaining": remaining} if remaining is not None else {}


def load_payload(
    warehouse: Warehouse, scraper: Scraper, params: Any, pages: list[Page], fetched_at: datetime, archive_path: str
) -> tuple[list[dict[str, Any]], int]:
    """Parse the pages into rows stamped with their fetch time and archive path and load them: (rows, loaded)."""
    rows = scraper.rows(pages, ctx=ScrapeContext(params, fetched_at), archive_path=archive_path)
    return rows, load_scraped(warehouse, scraper, rows)


def load_scraped(warehouse: Warehouse, scraper: Scraper, rows: list[dict[str, Any]]) -> int:
    """Load the rows (validated by the warehouse); a row that does not fit is the upstream's fault."""
    if not rows:
        return 0
    try:
        return warehouse.load_rows(scraper.table, rows)
    except SchemaViolation as exc:
        raise UpstreamFatal(f"{scraper.name}: upstream data does not fit: {exc.message}", field=exc.field) from exc
