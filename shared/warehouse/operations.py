"""Each write a table receives, logged (event=warehouse_write) so its daily quotas can be counted from the logs.

BigQuery allows about 1,500 table operations (load jobs, DML, query results written) per table a day, and runs at
most 2 mutating DML statements per table at once (more wait in a queue): `in_flight` is this process's count of
DML on the table when one starts. In production a log-based metric counts the same lines.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from shared.log import log_event

logger = logging.getLogger("courtside.warehouse")
_TARGET = re.compile(r"\b(?:MERGE(?:\s+INTO)?|INSERT\s+INTO|UPDATE|DELETE\s+FROM|DELETE)\s+`?([\w.-]+)`?", re.I)


def dml_target(sql: str) -> str | None:
    """The table a DML statement writes (`dataset.table`, project dropped), or None for a read."""
    found = _TARGET.search(sql)
    if found is None:
        return None
    parts = found.group(1).split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else None


class TableOperations:
    """Logs every DML statement and streaming insert per table, with the DML in flight on that table."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()

    @contextmanager
    def dml(self, sql: str) -> Iterator[None]:
        """Around one statement: a DML one is counted in flight on its table and logged as it starts."""
        table = dml_target(sql)
        if table is None:
            yield
            return
        with self._lock:
            self._in_flight[table] += 1
            in_flight = self._in_flight[table]
        self._log(table, "dml", in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight[table] -= 1

    def stream(self, table: str) -> None:
        """One streaming insert request."""
        self._log(table, "stream", 0)

    @staticmethod
    def _log(table: str, operation: str, in_flight: int) -> None:
        log_event(logger, f"{operation} on {table}", event="warehouse_write", table=table, operation=operation,
                  in_flight=in_flight)  # fmt: skip
