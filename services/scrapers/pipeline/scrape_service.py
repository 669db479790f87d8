"""One scrape end to end: fetch, archive first (with its ledger entry), load, record the run, notify analytics."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import requests

from services.scrapers.archive.ledger import Ledger, LoadEntry
from services.scrapers.archive.ledger_records import KeptRecords
from services.scrapers.archive.store import Archive, archive_key
from services.scrapers.budget.upstream_budget import UpstreamBudget
from services.scrapers.pipeline.lease_step import ended_on_failure, take_new_lease
from services.scrapers.pipeline.notify import Notifier
from services.scrapers.pipeline.outcome import load_pending, record_outcome
from services.scrapers.pipeline.run_log import RunLog
from services.scrapers.pipeline.steps import ScrapeRun, archive_body, load_scraped, quota_fields
from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.page_retry import PageRetry
from services.scrapers.upstreams import SCRAPERS
from shared.clock import Clock, system_now
from shared.eastern import game_date
from shared.errors import BadRequest, WarehouseError
from shared.group_commit.step import leave_step
from shared.limits import LOAD_DEADLINE_S
from shared.settings import Settings
from shared.warehouse import Warehouse
from shared.warehouse.deadline import within
from shared.web import parse


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
        clock: Clock = system_now,
        budget: UpstreamBudget | None = None,
    ) -> None:
        self.settings, self.archive, self.notifier = settings, archive, notifier
        self.warehouse = warehouse.fail_fast(LOAD_DEADLINE_S)
        self.scrapers = scrapers
        self._session_factory = session_factory
        self._clock = clock
        self.budget = budget
        self.ledger = Ledger(archive, clock)
        self.runs = RunLog(self.warehouse, KeptRecords(archive))

    def describe(self) -> list[dict[str, Any]]:
        """Every scraper with its parameters."""
        return [s.describe() for s in self.scrapers.values()]

    def run(self, body: Mapping[str, Any], *, deadline_at: float | None = None) -> dict[str, Any]:
        """Run the scraper `body["scraper"]` with the rest of body as parameters; no upstream call (page retries
        included) after `deadline_at` (monotonic), when the caller stops waiting."""
        name = body.get("scraper")
        if not isinstance(name, str) or name not in self.scrapers:
            known = ", ".join(sorted(self.scrapers))
            raise BadRequest(f"unknown scraper {name!r}; known scrapers: {known}", field="scraper")
        scraper = self.scrapers[name]
        started, fields = self._clock(), {k: v for k, v in body.items() if k != "scraper"}
        optional_date = scraper.params.model_fields.get("date")
        if fields.get("date") is None and optional_date is not None and not optional_date.is_required():
            fields["date"] = game_date(started).isoformat()  # "today" is the service clock's Eastern date
        params = parse(scraper.params, fields)
        run = ScrapeRun(uuid.uuid4().hex, scraper, params, started, time.monotonic())
        try:
            summary = self._execute(run, PageRetry(self.settings, deadline_at))
        except WarehouseError as exc:
            error = load_pending(run, exc)
            record_outcome(self.runs, run, "load_pending", self._clock(), error, warehouse_down=True)
            raise error from exc
        except Exception as exc:
            leave_step()  # a failed sibling's run row is not held for the step: the caller retries sooner
            record_outcome(self.runs, run, "failed", self._clock(), exc)
            raise
        status = "success" if run.rows else "no_data"
        record_outcome(self.runs, run, status, self._clock())
        if run.rows:
            self.notifier.table_updated(scraper.table, scraper.run_date(params, run.started_at).isoformat())
        return {
            "status": status,
            "run_id": run.run_id,
            "scraper": name,
            "rows": run.rows,
            "archive_path": run.archive_path,
            "data_summary": summary,
        }

    def _execute(self, run: ScrapeRun, retry: PageRetry) -> dict[str, Any]:
        scraper = run.scraper
        with self._session_factory() as session:
            pages = scraper.fetch(run.params, self.settings, session, self.budget, retry)
        run.extra = quota_fields(pages)
        day = scraper.run_date(run.params, run.started_at)
        key = archive_key(scraper.source.name, scraper.endpoint, day, run.started_at, run.run_id)
        run.archive_path = self.archive.put(key, archive_body(pages))
        entry = LoadEntry(
            run.run_id, scraper.name, run.params.model_dump(mode="json"), scraper.table, key, run.archive_path,
            len(pages), run.started_at, day,
        )  # fmt: skip
        # The caller's deadline bounds the load (shared/request_deadline.py); without one, the default.
        with within(None if retry.deadline_at is not None else self.settings.scrape_load_deadline_s):
            lease = take_new_lease(self.ledger, entry, self.settings.scrape_load_deadline_s)
            self.ledger.archived(entry)
            with ended_on_failure(self.ledger, entry, lease):
                rows = scraper.rows(pages, ctx=ScrapeContext(run.params, run.started_at), archive_path=run.archive_path)
                run.summary = summary = scraper.data_summary(rows, run.params)
                run.rows = load_scraped(self.warehouse, scraper, rows)
        self.ledger.loaded(entry, run.rows)
        if self.budget is not None:
            # The upstream answered: its retry bucket refills, whoever asked for the scrape. Recorded after the
            # load, so it never joins (and splits) the step's held write of the scraped rows.
            self.budget.succeeded(scraper.source.name, scraper=scraper.name, workflow="scrape")
        return summary
