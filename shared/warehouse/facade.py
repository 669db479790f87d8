"""`Warehouse`: every read and write of BigQuery goes through here; every row written is validated here, once."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from google.api_core.retry import Retry
from google.cloud import bigquery

from shared.errors import WarehouseError
from shared.group_commit.writes import GroupCommit
from shared.rows import validate_rows
from shared.schemas import TableSpec, table_spec
from shared.settings import Settings
from shared.warehouse import loads, tables
from shared.warehouse.connection import Deadlines, connect
from shared.warehouse.deadline import within
from shared.warehouse.operations import TableOperations
from shared.warehouse.queries import run_query


class Warehouse:
    """The project's one door to BigQuery (or the local stand-in, which speaks the same API)."""

    def __init__(
        self, client: bigquery.Client, *, retry_deadline_s: float = 30.0, job_timeout_s: float = 120.0
    ) -> None:
        self.client = client
        self.project = client.project
        self._deadlines = Deadlines(retry_deadline_s, job_timeout_s)
        self._groups: dict[tuple, GroupCommit] = {}
        self._groups_lock = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.operations = TableOperations()
        self.call_s: float | None = None  # each call's wall-clock bound (fail_fast copies), beside any outer one
        self.call_share = 1.0  # ... and the share of an outer deadline's time left that one call may take

    @classmethod
    def from_settings(cls, settings: Settings) -> Warehouse:
        """Production credentials by default; the local stand-in when COURTSIDE_BQ_ENDPOINT is set."""
        return cls(
            connect(settings), retry_deadline_s=settings.bq_retry_deadline_s, job_timeout_s=settings.bq_job_timeout_s
        )

    def fail_fast(self, deadline_s: float, call_s: float = 10.0, call_share: float = 1.0) -> Warehouse:
        """The same client and call counts with one attempt per call, no upload retry and each call ended after
        `call_s` (and `call_share` of the time an outer deadline leaves): for callers that have a better fallback
        than waiting (a scrape keeps its payload in the archive for replay)."""
        quick = Warehouse(self.client, retry_deadline_s=deadline_s, job_timeout_s=self._deadlines.job_timeout_s)
        quick._deadlines = Deadlines(deadline_s, self._deadlines.job_timeout_s, upload_retries=0)
        quick.calls, quick.operations = self.calls, self.operations
        quick.call_s, quick.call_share = call_s, call_share
        return quick

    def table_id(self, name: str) -> str:
        """`project.dataset.table` for `dataset.table`."""
        return f"{self.project}.{name}"

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Run GoogleSQL with named @parameters; rows as dicts."""
        self.calls["query"] += 1
        with within(self.call_s, share=self.call_share):
            return run_query(self.client, self._deadlines, sql, params)[0]

    def execute(self, sql: str, **params: Any) -> int:
        """Run one DML statement (MERGE, INSERT, DELETE); returns the rows it inserted, updated or deleted."""
        self.calls["query"] += 1
        with within(self.call_s, share=self.call_share), self.operations.dml(sql):
            return int(run_query(self.client, self._deadlines, sql, params)[1].num_dml_affected_rows or 0)

    def load_rows(self, table: str, rows: Iterable[dict[str, Any]], key: Sequence[str] | None = None) -> int:
        """Validate, load into a staging table with a load job, MERGE on the key; returns rows loaded.

        Concurrent calls for one table share one load + MERGE (group commit); each still gets its own outcome.
        A row that does not fit the schema raises SchemaViolation naming the column; nothing is written.
        """
        spec = table_spec(table)
        key = tuple(key or spec.key)
        clean = loads.unique_by_key(validate_rows(spec, rows), key)
        if clean:
            with within(self.call_s, share=self.call_share):
                self._group(("load", table, key), partial(self._merge_rows, spec, key)).submit(clean)
        return len(clean)

    def append_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Append validated rows to an append-only log table (streaming insert; the key is the insert id)."""
        spec = table_spec(table)
        clean = validate_rows(spec, rows)
        if clean:
            with within(self.call_s, share=self.call_share):
                self._group(("append", table), partial(self._insert_rows, spec)).submit(clean)
        return len(clean)

    def ensure_tables(self) -> list[str]:
        """Create missing datasets and tables; returns the tables it created (none on a second call)."""
        return tables.ensure_tables(self.client, self._deadlines)

    def ping(self) -> bool:
        """Whether the warehouse answers right now."""
        try:
            with within(3.0):
                list(self.client.list_datasets(max_results=1, retry=Retry(deadline=3.0), timeout=3.0))
            return True
        except Exception:
            return False

    def _group(self, name: tuple, write: Callable[[list[dict[str, Any]]], None]) -> GroupCommit:
        with self._groups_lock:
            if name not in self._groups:
                self._groups[name] = GroupCommit(write)
            return self._groups[name]

    def _merge_rows(self, spec: TableSpec, key: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        # rows of several callers (already validated each): one key may now come from two of them
        staging = self.table_id(f"{spec.dataset}._stg_{spec.name}_{uuid.uuid4().hex[:12]}")
        try:
            self.calls["load"] += 1
            loads.load_file(self.client, self._deadlines, staging, spec, loads.unique_by_key(rows, key))
            columns = [f.name for f in spec.fields]
            self.execute(loads.merge_sql(self.table_id(spec.full_name), staging, columns, key))
        except WarehouseError as exc:
            raise WarehouseError(f"{spec.full_name}: load failed: {exc.message}", table=spec.full_name) from exc
        finally:
            loads.drop_quietly(self.client, staging, min(5.0, self._deadlines.retry_deadline_s))

    def _insert_rows(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        self.calls["append"] += 1
        self.operations.stream(spec.full_name)
        loads.stream_insert(self.client, self._deadlines, self.table_id(spec.full_name), spec, rows)
