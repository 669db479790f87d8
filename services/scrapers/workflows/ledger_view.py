"""What workflow decisions read beside the archive when the warehouse is down: a journal of every run, the
decisions kept while it was down, and the games of the last archived schedule (what NBA.com said)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.scrapers.archive.ledger import STAMP
from services.scrapers.archive.ledger_records import RECORDS, KeptRecords, plain
from services.scrapers.archive.store import Archive
from services.scrapers.pipeline.steps import pages_from_archive
from services.scrapers.scrape.base import ScrapeContext
from services.scrapers.upstreams.nbacom import NbacSchedule
from shared.orchestration import workflow_decisions, workflow_executions

JOURNAL = "_ledger/executions/"
_DATES = ("execution_date",)
_TIMES = ("started_at", "finished_at", "evaluated_at")


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back from JSON with its dates and timestamps parsed again."""
    out = dict(row)
    for name in _DATES:
        if isinstance(out.get(name), str):
            out[name] = date.fromisoformat(out[name])
    for name in _TIMES:
        if isinstance(out.get(name), str):
            out[name] = datetime.fromisoformat(out[name])
    return out


class LedgerView:
    """Reads and writes the workflow side of the ledger (store = the archive: a folder or a bucket)."""

    def __init__(self, store: Archive) -> None:
        self.store = store
        self.kept = KeptRecords(store)

    def journal(self, row: dict[str, Any]) -> None:
        """Note one workflow run in the day's journal (whatever the warehouse does with its row)."""
        key = f"{JOURNAL}{row['execution_date']}/{row['execution_id']}.json"
        self.store.put(key, json.dumps(row, default=plain).encode())

    def executions(self, day: date) -> list[dict[str, Any]]:
        """Every run of `day` the journal holds."""
        return [_typed(json.loads(self.store.get(k))) for k in self.store.list(f"{JOURNAL}{day.isoformat()}/")]

    def kept_rows(self, table: str) -> list[dict[str, Any]]:
        """Rows of `table` kept while the warehouse was down and not flushed yet."""
        return [_typed(json.loads(self.store.get(k))) for k in self.store.list(f"{RECORDS}{table}/")]

    def kept_executions(self, day: date) -> list[dict[str, Any]]:
        """Runs of `day` whose workflow_executions row waits in the ledger."""
        return [r for r in self.kept_rows(workflow_executions.TABLE) if r["execution_date"] == day]

    def latest_decisions(self, day: date, since: datetime, until: datetime) -> list[dict[str, Any]]:
        """Each workflow's latest kept decision for `day`, evaluated within [since, until]."""
        rows = [
            r
            for r in self.kept_rows(workflow_decisions.TABLE)
            if r["execution_date"] == day and since <= r["evaluated_at"] <= until
        ]
        latest = {r["workflow"]: r for r in sorted(rows, key=lambda r: r["evaluated_at"])}
        return list(latest.values())

    def schedule(self, day: date) -> tuple[dict[date, int], datetime | None]:
        """Games per date and fetch time of the latest schedule archived for `day` or the day before."""
        scraper = NbacSchedule()
        for run_date in (day, day - timedelta(days=1)):
            keys = self.store.list(f"{scraper.source.name}/{scraper.endpoint}/{run_date.isoformat()}/")
            if keys:
                key = max(keys)
                fetched_at = datetime.strptime(key.rsplit("/", 1)[-1].split("-")[0], STAMP).replace(tzinfo=UTC)
                params = scraper.params.model_validate({"date": run_date})
                pages = pages_from_archive(self.store.get(key), 1)
                rows = scraper.rows(pages, ctx=ScrapeContext(params, fetched_at), archive_path=key)
                wanted = {day, day - timedelta(days=1)}
                return dict(Counter(r["game_date"] for r in rows if r["game_date"] in wanted)), fetched_at
        return {}, None
