"""nba_orchestration.scraper_runs: one row per scrape; rows the warehouse refused are kept and retried."""

from __future__ import annotations

import logging
import threading
from typing import Any

from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import scraper_runs
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


class RunLog:
    """Appends run rows; when the warehouse is down, logs at ERROR and writes them with the next row."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def record(self, row: dict[str, Any]) -> None:
        """Append `row` (and any earlier rows still pending); never raises."""
        with self._lock:
            batch, self._pending = [*self._pending, row], []
        try:
            scraper_runs.append(self.warehouse, batch)
        except WarehouseError as exc:
            with self._lock:
                self._pending = batch + self._pending
            log_event(
                logger,
                f"run {row['run_id']} of {row['scraper']} not recorded ({exc.message}); "
                f"raw payload at {row['archive_path']}; will record it with the next run",
                event="scraper_run_unrecorded",
                level=logging.ERROR,
                run_id=row["run_id"],
                archive_path=row["archive_path"],
                pending_runs=len(batch),
            )

    @property
    def pending(self) -> int:
        """Run rows waiting for the warehouse."""
        return len(self._pending)
