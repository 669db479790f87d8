"""Replay: load every pending or failed archived payload through the live scrape's load path, in fetch order."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Mapping

from services.scrapers.archive.ledger import Lease, Ledger, LedgerItem, LoadEntry, holder_name
from services.scrapers.archive.ledger_records import KeptRecords
from services.scrapers.archive.store import Archive, ArchiveError, checked_key
from services.scrapers.pipeline.notify import Notifier
from services.scrapers.pipeline.steps import load_payload, pages_from_archive, params_from_manifest
from services.scrapers.replay.request import ReplayRequest
from services.scrapers.replay.summary import ReplaySummary
from services.scrapers.scrape.base import Scraper
from services.scrapers.upstreams import SCRAPERS
from shared.clock import Clock, system_now
from shared.errors import CourtsideError, WarehouseError
from shared.log import log_event
from shared.orchestration import scraper_runs
from shared.warehouse import Warehouse
from shared.warehouse.deadline import within

logger = logging.getLogger(__name__)
Progress = Callable[[int, int, LedgerItem, str], None]  # (done, total, item, outcome)
# One payload's load in a replay ends within this (COURTSIDE_BQ_JOB_TIMEOUT_S's default, where the app passes the
# setting); its lease lasts this plus the ledger's margin.
REPLAY_LOAD_DEADLINE_S = 120.0


class Replayer:
    """Reads the ledger, loads what is not loaded, tells analytics, flushes kept run records."""

    def __init__(
        self,
        archive: Archive,
        warehouse: Warehouse,
        notifier: Notifier,
        *,
        scrapers: Mapping[str, Scraper] = SCRAPERS,
        ledger: Ledger | None = None,
        clock: Clock = system_now,
        load_deadline_s: float = REPLAY_LOAD_DEADLINE_S,
    ) -> None:
        self.archive, self.warehouse, self.notifier, self.scrapers = archive, warehouse, notifier, scrapers
        self.ledger = ledger or Ledger(archive, clock)
        self.load_deadline_s = load_deadline_s
        self.kept = KeptRecords(archive)
        self._one_at_a_time = threading.Lock()

    def plan(self, request: ReplayRequest) -> list[LedgerItem]:
        """The items to load in fetch order; bad input or an archive path outside the root fails the whole plan."""
        request.check(self.scrapers)
        items = [item for item in self.ledger.items() if request.wants(item)]
        for item in items:
            checked_key(item.entry.archive_key)
        return items

    def run(self, request: ReplayRequest, progress: Progress | None = None) -> ReplaySummary:
        """Plan, then (unless a dry run) load each item; one bad payload never stops the others."""
        items = self.plan(request)
        summary = ReplaySummary(payloads=len(items), dry_run=request.dry_run, planned=items)
        if request.dry_run:
            return summary
        holder = holder_name("replay", uuid.uuid4().hex)
        with self._one_at_a_time:
            for done, item in enumerate(items, 1):
                outcome = self._replay_one(item, summary, holder)
                if progress is not None:
                    progress(done, len(items), item, outcome)
                if outcome == "warehouse_down":
                    break
            self._tell_analytics(summary)
            summary.records_flushed = self.kept.flush(self.warehouse) if not summary.warehouse_down else 0
        _log(summary)
        return summary

    def _replay_one(self, item: LedgerItem, summary: ReplaySummary, holder: str) -> str:
        entry = item.entry
        lease = self.ledger.take_lease(entry, holder, self.load_deadline_s)
        if not isinstance(lease, Lease):
            return summary.add_skipped(lease)  # a live load holds it, or it was loaded since the plan
        try:
            scraper = self.scrapers[entry.scraper]
            params = params_from_manifest(scraper, entry.params)
            pages = pages_from_archive(self.archive.get(entry.archive_key), entry.pages)
            with within(self.load_deadline_s):  # inside the lease (its margin covers the archive read above)
                _, rows = load_payload(self.warehouse, scraper, params, pages, entry.fetched_at, entry.archive_path)
        except WarehouseError as exc:
            if exc.code == "schema_violation":
                return self._failed(item, summary, f"{exc.code}: {exc.message}", lease)
            self._release(entry, lease)
            summary.warehouse_down = f"warehouse unavailable: {exc.message}"
            return "warehouse_down"
        except (CourtsideError, ValueError, KeyError) as exc:
            reason = f"{exc.code}: {exc.message}" if isinstance(exc, CourtsideError) else f"{type(exc).__name__}: {exc}"
            return self._failed(item, summary, reason, lease)
        except BaseException:
            self._release(entry, lease)
            raise
        self.ledger.loaded(entry, rows)
        self._record_load(entry, rows)
        summary.add_loaded(entry, rows)
        return "loaded"

    def _release(self, entry: LoadEntry, lease: Lease) -> None:
        with contextlib.suppress(ArchiveError):  # the archive is down too: the lease just runs out
            self.ledger.release(entry, lease)

    def _record_load(self, entry: LoadEntry, rows: int) -> None:
        """A scraper_runs fact naming the run whose pending load this was: its row reads as loaded from now on."""
        now = self.ledger.clock()
        scraper_runs.append(self.warehouse, [{
            "run_id": uuid.uuid4().hex, "scraper": entry.scraper, "params": json.dumps(entry.params),
            "status": "success" if rows else "no_data", "rows": rows, "duration_s": 0.0,
            "archive_path": entry.archive_path, "started_at": now, "finished_at": now, "replay_of": entry.run_id,
        }])  # fmt: skip

    def _failed(self, item: LedgerItem, summary: ReplaySummary, reason: str, lease: Lease) -> str:
        self.ledger.failed(item.entry, reason, lease)
        entry = item.entry
        summary.failures.append({"archive_path": entry.archive_path, "scraper": entry.scraper, "reason": reason})
        return "failed"

    def _tell_analytics(self, summary: ReplaySummary) -> None:
        for table, game_date in summary.updated:
            self.notifier.table_updated(table, game_date)


def _log(summary: ReplaySummary) -> None:
    log_event(
        logger,
        summary.line(),
        event="replay_finished",
        level=logging.INFO if summary.status in ("complete", "nothing_to_do") else logging.WARNING,
        **{k: v for k, v in summary.to_json().items() if k not in ("planned", "failures")},
    )
