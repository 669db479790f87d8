"""Run processors over a date range directly (no circuit breaker): one statement per processor per chunk."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from services.analytics import processors
from services.analytics.registry.rebuild import one_preparation_per_trigger
from shared.clock import Clock, system_now
from shared.errors import BadRequest, CourtsideError
from shared.warehouse import Warehouse

Progress = Callable[[int, int, dict[str, Any]], None]


def date_chunks(start: date, end: date, days: int) -> list[tuple[date, date]]:
    """Consecutive ranges of at most `days` days covering start..end."""
    if end < start:
        raise BadRequest("end is before start", field="end")
    if days < 1:
        raise BadRequest("chunk days must be at least 1", field="chunk_days")
    chunks, first = [], start
    while first <= end:
        last = min(first + timedelta(days=days - 1), end)
        chunks.append((first, last))
        first = last + timedelta(days=1)
    return chunks


def run_processors(
    warehouse: Warehouse,
    start: date,
    end: date,
    names: list[str] | None = None,
    *,
    chunk_days: int | None = None,
    progress: Progress | None = None,
    clock: Clock = system_now,
) -> list[dict[str, Any]]:
    """Each processor over start..end, in chunks (default: the whole range at once); failures reported per chunk."""
    chosen = processors.select(names)
    span = (end - start).days + 1
    chunks = date_chunks(start, end, chunk_days or span)
    total, results = len(chunks) * len(chosen), []
    with one_preparation_per_trigger():
        for processor, (first, last) in itertools.product(chosen, chunks):
            started = time.monotonic()
            result: dict[str, Any] = {"processor": processor.name, "start_date": first, "end_date": last}
            try:
                result.update(status="processed", rows=processor.run(warehouse, first, last, clock()))
            except CourtsideError as exc:
                result.update(status="failed", rows=0, error=exc.message)
            result["duration_s"] = round(time.monotonic() - started, 3)
            results.append(result)
            if progress:
                progress(len(results), total, result)
    return results
