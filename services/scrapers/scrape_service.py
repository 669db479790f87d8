"""One scrape end to end: fetch, archive first, transform, load, record the run, notify analytics."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from services.scrapers.archive import Archive, archive_key
from services.scrapers.base import ScrapeContext, Scraper
from services.scrapers.fetch import Page
from services.scrapers.notify import Notifier
from services.scrapers.run_log import RunLog
from services.scrapers.upstreams import SCRAPERS
from shared.errors import BadRequest, CourtsideError, UpstreamFatal, UpstreamRetriable, WarehouseError
from shared.log import log_event
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.web import parse

logger = logging.getLogger(__name__)


@dataclass
class _Run:
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


class ScrapeService:
    """Runs scrapes by name; every run (failed ones too) gets a scraper_runs row and a log line."""

    def __init__(
        self,
        settings: Settings,
        warehouse: Warehouse,
        archive: Archive,
        notifier: Notifier,
        *,
        scrapers: Mapping[str, Scraper] = SCRAPERS,
        session_factory: Callable[[], requests.Session] = requests.Session,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings, self.warehouse, self.archive, self.notifier = settings, warehouse, archive, notifier
        self.scrapers = scrapers
        self._session_factory = session_factory
        self._clock = clock
        self.runs = RunLog(warehouse)

    def describe(self) -> list[dict[str, Any]]:
        """Every scraper with its parameters."""
        return [s.describe() for s in self.scrapers.values()]

    def run(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Run the scraper `body["scraper"]` with the rest of body as parameters."""
        name = body.get("scraper")
        if not isinstance(name, str) or name not in self.scrapers:
            known = ", ".join(sorted(self.scrapers))
            raise BadRequest(f"unknown scraper {name!r}; known scrapers: {known}", field="scraper")
        scraper = self.scrapers[name]
        params = parse(scraper.params, {k: v for k, v in body.items() if k != "scraper"})
        run = _Run(uuid.uuid4().hex, scraper, params, self._clock(), time.monotonic())
        try:
            summary = self._execute(run)
        except WarehouseError as exc:
            where = run.archive_path or "nowhere (not archived)"
            error = WarehouseError(
                f"{scraper.table}: warehouse unavailable; raw payload archived at {where}: {exc.message}",
                table=scraper.table,
                details={"archive_path": run.archive_path},
            )
            self._finish(run, "failed", error)
            raise error from exc
        except Exception as exc:
            self._finish(run, "failed", exc)
            raise
        status = "success" if run.rows else "no_data"
        self._finish(run, status)
        if run.rows:
            self.notifier.table_updated(scraper.table, scraper.run_date(params).isoformat())
        return {
            "status": status,
            "run_id": run.run_id,
            "scraper": name,
            "rows": run.rows,
            "archive_path": run.archive_path,
            "data_summary": summary,
        }

    def _execute(self, run: _Run) -> dict[str, Any]:
        scraper = run.scraper
        with self._session_factory() as session:
            pages = scraper.fetch(run.params, self.settings, session)
        run.extra = _quota(pages)
        key = archive_key(
            scraper.source.name, scraper.endpoint, scraper.run_date(run.params), run.started_at, run.run_id
        )
        run.archive_path = self.archive.put(key, archive_body(pages))
        ctx = ScrapeContext(run.params, run.started_at)
        rows = scraper.rows(pages, ctx, run.archive_path)
        run.rows = self.warehouse.load_rows(scraper.table, rows) if rows else 0
        return scraper.data_summary(rows, run.params)

    def _finish(self, run: _Run, status: str, error: BaseException | None = None) -> None:
        finished = self._clock()
        duration = round(time.monotonic() - run.t0, 3)
        message = _message(error)
        if isinstance(error, CourtsideError):
            error.details.update({"run_id": run.run_id, "scraper": run.scraper.name})
            error.details.setdefault("archive_path", run.archive_path)
        row = {
            "run_id": run.run_id,
            "scraper": run.scraper.name,
            "params": run.params.model_dump_json(),
            "status": status,
            "rows": run.rows,
            "duration_s": duration,
            "error_message": message,
            "archive_path": run.archive_path,
            "started_at": run.started_at,
            "finished_at": finished,
        }
        self.runs.record(row)
        level = logging.INFO
        if error is not None:
            upstream = isinstance(error, UpstreamRetriable | UpstreamFatal)
            level = logging.WARNING if upstream else logging.ERROR
        log_event(
            logger,
            f"scrape {run.scraper.name} {status}: {run.rows} rows in {duration}s" + (f": {message}" if message else ""),
            event="scrape_finished",
            level=level,
            run_id=run.run_id,
            scraper=run.scraper.name,
            status=status,
            rows=run.rows,
            duration_s=duration,
            archive_path=run.archive_path,
            error=message,
            error_code=getattr(error, "code", None) if error else None,
            upstream_status=getattr(error, "upstream_status", None),
            **run.extra,
        )


def _message(error: BaseException | None) -> str | None:
    if error is None:
        return None
    if isinstance(error, CourtsideError):
        return f"{error.code}: {error.message}"
    return f"internal error: {type(error).__name__}: {error}"


def _quota(pages: list[Page]) -> dict[str, Any]:
    """The Odds API's credit headers of the last page, for the log line."""
    remaining = pages[-1].headers.get("x-requests-remaining") if pages else None
    return {"quota_remaining": remaining} if remaining is not None else {}
