"""How a scrape ends: its scraper_runs row and its `scrape_finished` log line, failed runs included."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from services.scrapers.pipeline.run_log import RunLog
from services.scrapers.pipeline.steps import ScrapeRun
from shared.errors import CourtsideError, UpstreamFatal, UpstreamRetriable, WarehouseError
from shared.limits import LOAD_PENDING_RETRY_AFTER_S
from shared.log import log_event

logger = logging.getLogger(__name__)


class LoadPending(WarehouseError):
    """The payload is archived and its load waits in the ledger for a replay: not a failed fetch."""

    code = "load_pending"

    def __init__(self, message: str, *, retry_after_s: float, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after_s = retry_after_s


def load_pending(run: ScrapeRun, exc: WarehouseError) -> WarehouseError:
    """The error a caller sees when the load failed: archived, load pending (or not archived at all)."""
    table = run.scraper.table
    if run.archive_path is None:
        return WarehouseError(f"{table}: warehouse unavailable and nothing archived: {exc.message}", table=table)
    return LoadPending(
        f"{table}: warehouse unavailable; raw payload archived at {run.archive_path}, load pending "
        f"(`courtside replay` or the scheduled replay loads it): {exc.message}",
        table=table,
        retry_after_s=LOAD_PENDING_RETRY_AFTER_S,
        details={"archive_path": run.archive_path, "load": "pending", "data_summary": run.summary},
    )


def record_outcome(
    runs: RunLog,
    run: ScrapeRun,
    status: str,
    finished: datetime,
    error: BaseException | None = None,
    *,
    warehouse_down: bool = False,
) -> None:
    """Append the run's scraper_runs row and log one line (WARNING for upstream trouble, ERROR for ours)."""
    duration = round(time.monotonic() - run.t0, 3)
    message = _message(error)
    if isinstance(error, CourtsideError):
        error.details.update({"run_id": run.run_id, "scraper": run.scraper.name})
        error.details.setdefault("archive_path", run.archive_path)
    runs.record(
        {
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
        },
        warehouse_down=warehouse_down,
    )
    log_event(
        logger,
        f"scrape {run.scraper.name} {status}: {run.rows} rows in {duration}s" + (f": {message}" if message else ""),
        event="scrape_finished",
        level=_level(error),
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


def _level(error: BaseException | None) -> int:
    if error is None:
        return logging.INFO
    return logging.WARNING if isinstance(error, UpstreamRetriable | UpstreamFatal) else logging.ERROR


def _message(error: BaseException | None) -> str | None:
    if error is None:
        return None
    if isinstance(error, CourtsideError):
        return f"{error.code}: {error.message}"
    return f"internal error: {type(error).__name__}: {error}"
