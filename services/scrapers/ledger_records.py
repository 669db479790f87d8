"""Orchestration records the warehouse refused, kept in the ledger beside the archive and flushed later."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from services.scrapers.archive import Archive
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import scraper_runs, workflow_executions
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
RECORDS = "_ledger/records/"
WRITERS: dict[str, Callable[[Warehouse, list[dict[str, Any]]], None]] = {
    scraper_runs.TABLE: scraper_runs.append,
    workflow_executions.TABLE: workflow_executions.append,
}


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class KeptRecords:
    """Rows of append-only tables (scraper_runs, workflow_executions) waiting for the warehouse."""

    def __init__(self, store: Archive) -> None:
        self.store = store

    def keep(self, table: str, record_id: str, row: dict[str, Any]) -> None:
        """Keep one row under its table and id (keeping it twice keeps one copy)."""
        if table not in WRITERS:
            raise ValueError(f"no writer for kept records of {table}")
        self.store.put(f"{RECORDS}{table}/{record_id}.json", json.dumps(row, default=_plain).encode())

    def waiting(self) -> dict[str, list[str]]:
        """Kept keys by table."""
        tables: dict[str, list[str]] = {}
        for key in self.store.list(RECORDS):
            table = key.removeprefix(RECORDS).split("/", 1)[0]
            tables.setdefault(table, []).append(key)
        return tables

    def flush(self, warehouse: Warehouse) -> int:
        """Append every kept row to its table, then forget it; returns rows written (0 if the warehouse is down)."""
        written = 0
        for table, keys in self.waiting().items():
            if table not in WRITERS:
                continue
            rows = [json.loads(self.store.get(k)) for k in keys]
            try:
                WRITERS[table](warehouse, rows)
            except WarehouseError as exc:
                log_event(
                    logger,
                    f"{len(rows)} kept {table} records still waiting: {exc.message}",
                    event="kept_records_waiting",
                    level=logging.WARNING,
                    table=table,
                    records=len(rows),
                )
                continue
            for key in keys:
                self.store.delete(key)
            written += len(rows)
        return written
