"""What a replay did: payloads, rows per table, failures with reasons, and one status for the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from services.scrapers.archive.ledger import LedgerItem, LoadEntry
from services.scrapers.archive.ledger_fold import Standing

ReplayStatus = Literal["nothing_to_do", "dry_run", "complete", "partial", "failed"]


@dataclass
class ReplaySummary:
    """Counts of one replay; `updated` lists (table, game date) pairs in the order they were loaded."""

    payloads: int
    dry_run: bool = False
    planned: list[LedgerItem] = field(default_factory=list)
    loaded: int = 0
    rows: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    warehouse_down: str | None = None
    records_flushed: int = 0
    leased: int = 0
    already_loaded: int = 0

    def add_loaded(self, entry: LoadEntry, rows: int) -> None:
        """Count one loaded payload."""
        self.loaded += 1
        self.rows += rows
        self.tables[entry.table] = self.tables.get(entry.table, 0) + rows
        if rows and (entry.table, entry.run_date.isoformat()) not in self.updated:
            self.updated.append((entry.table, entry.run_date.isoformat()))

    def add_skipped(self, why: Standing) -> str:
        """Count one payload not loaded here: "leased" (another load holds it) or "loaded" (since the plan)."""
        if why == "loaded":
            self.already_loaded += 1
            return "already_loaded"
        self.leased += 1
        return "leased"

    @property
    def status(self) -> ReplayStatus:
        """complete: nothing left to this replay (each loaded here, loaded meanwhile, or under another load's lease);
        partial: some loaded or left; failed: none loaded of some."""
        if self.dry_run:
            return "dry_run"
        if self.payloads == 0:
            return "nothing_to_do"
        if self.loaded + self.leased + self.already_loaded == self.payloads:
            return "complete"
        return "partial" if self.loaded else "failed"

    def line(self) -> str:
        """One line for people and logs."""
        tables = ", ".join(f"{t} {n}" for t, n in sorted(self.tables.items())) or "none"
        text = (
            f"replay {self.status}: {self.loaded}/{self.payloads} payloads loaded, {self.rows} rows "
            f"(tables: {tables}); {len(self.failures)} failed; {self.leased} skipped as leased by another load, "
            f"{self.already_loaded} loaded meanwhile; {self.records_flushed} kept run records written"
        )
        return text + (f"; stopped: {self.warehouse_down}" if self.warehouse_down else "")

    def to_json(self) -> dict[str, Any]:
        """The summary as the endpoint returns it."""
        return {
            "status": self.status,
            "payloads": self.payloads,
            "loaded": self.loaded,
            "rows": self.rows,
            "tables": self.tables,
            "failures": self.failures,
            "warehouse_down": self.warehouse_down,
            "records_flushed": self.records_flushed,
            "leased": self.leased,
            "already_loaded": self.already_loaded,
            "planned": [
                {"scraper": i.entry.scraper, "table": i.entry.table, "archive_path": i.entry.archive_path,
                 "fetched_at": i.entry.fetched_at.isoformat(), "state": i.state, "reason": i.reason}
                for i in self.planned
            ],
        }  # fmt: skip
