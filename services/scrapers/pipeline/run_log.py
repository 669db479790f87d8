"""nba_orchestration.scraper_runs: one row per scrape; rows the warehouse refused are kept in the ledger."""

from __future__ import annotations

import logging
from typing import Any

from services.scrapers.archive.ledger_records import KeptRecords
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import scraper_runs
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)


class RunLog:
    """Appends run rows; when the warehouse is down, keeps them beside the archive until a replay flushes them."""

    def __init__(self, warehouse: Warehouse, kept: KeptRecords) -> None:
        self.warehouse = warehouse
        self.kept = kept
        self._kept_here = False

    def record(self, row: dict[str, Any], *, warehouse_down: bool = False) -> None:
        """Append `row`; never raises. With `warehouse_down` it goes straight to the ledger (no waiting)."""
        if not warehouse_down:
            try:
                scraper_runs.append(self.warehouse, [row])
                if self._kept_here:
                    self._kept_here = self.kept.flush(self.warehouse) == 0 and bool(self.kept.waiting())
                return
            except WarehouseError as exc:
                reason = exc.message
        else:
            reason = "warehouse unavailable"
        self.kept.keep(scraper_runs.TABLE, row["run_id"], row)
        self._kept_here = True
        log_event(
            logger,
            f"run {row['run_id']} of {row['scraper']} not recorded yet ({reason}); kept in the ledger until a replay",
            event="scraper_run_kept",
            level=logging.WARNING,
            run_id=row["run_id"],
            archive_path=row["archive_path"],
        )
