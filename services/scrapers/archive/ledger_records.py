"""Orchestration records the warehouse refused, kept in the ledger beside the archive and flushed later."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from services.scrapers.archive.store import Archive
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import scraper_runs, workflow_decisions, workflow_executions
from shared.schemas import table_spec
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
RECORDS = "_ledger/records/"
_FLUSHING = threading.Lock()  # one flush at a time in a process; across processes the id check keeps one copy
WRITERS: dict[str, Callable[[Warehouse, list[dict[str, Any]]], None]] = {
    scraper_runs.TABLE: scraper_runs.append,
    workflow_executions.TABLE: workflow_executions.append,
    workflow_decisions.TABLE: workflow_decisions.append,
}
HELD: dict[str, Callable[[Warehouse, list[str]], set[str]]] = {  # which kept ids a table already holds
    scraper_runs.TABLE: scraper_runs.held_ids,
    workflow_executions.TABLE: workflow_executions.held_ids,
    workflow_decisions.TABLE: workflow_decisions.held_ids,
}


def plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class KeptRecords:
    """Rows of append-only tables (scraper_runs, workflow_executions, workflow_decisions) waiting for the warehouse."""

    def __init__(self, store: Archive) -> None:
        self.store = store

    def keep(self, table: str, record_id: str, row: dict[str, Any]) -> None:
        """Keep one row under its table and id (keeping it twice keeps one copy)."""
        if table not in WRITERS:
            raise ValueError(f"no writer for kept records of {table}")
        self.store.put(f"{RECORDS}{table}/{record_id}.json", json.dumps(row, default=plain).encode())

    def waiting(self) -> dict[str, list[str]]:
        """Kept keys by table."""
        tables: dict[str, list[str]] = {}
        for key in self.store.list(RECORDS):
            table = key.removeprefix(RECORDS).split("/", 1)[0]
            tables.setdefault(table, []).append(key)
        return tables

    def flush(self, warehouse: Warehouse) -> int:
        """Append every kept row its table lacks, then forget it; returns rows written (0 if the warehouse is down).

        Idempotent: rows already there (another flush got to them first) are not appended again.
        """
        written = 0
        with _FLUSHING:
            for table, keys in self.waiting().items():
                if table in WRITERS:
                    written += self._flush_table(warehouse, table, keys)
        return written

    def _flush_table(self, warehouse: Warehouse, table: str, keys: list[str]) -> int:
        rows = [json.loads(self.store.get(k)) for k in keys]
        id_column = table_spec(table).key[0]
        try:
            there = HELD[table](warehouse, [r[id_column] for r in rows])
            missing = [r for r in rows if r[id_column] not in there]
            if missing:
                WRITERS[table](warehouse, missing)
        except WarehouseError as exc:
            log_event(
                logger,
                f"{len(rows)} kept {table} records still waiting: {exc.message}",
                event="kept_records_waiting",
                level=logging.WARNING,
                table=table,
                records=len(rows),
            )
            return 0
        for key in keys:
            self.store.delete(key)
        return len(missing)
