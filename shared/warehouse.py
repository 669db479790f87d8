"""Warehouse access through the real google-cloud-bigquery client: query, load + MERGE, append, ensure."""

from __future__ import annotations

import contextlib
import io
import json
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import partial
from typing import Any

from google.api_core import exceptions as gexc
from google.api_core.client_options import ClientOptions
from google.api_core.retry import Retry
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery

from shared.errors import WarehouseError
from shared.group_commit import GroupCommit
from shared.rows import validate_rows
from shared.schemas import DATASETS, TABLES, TableSpec, table_spec
from shared.settings import Settings

_UPLOAD_RETRIES = 1


def _param(name: str, value: Any) -> bigquery.ScalarQueryParameter | bigquery.ArrayQueryParameter:
    """A named query parameter, its type read from the Python value ((TYPE, value) to force one)."""
    if isinstance(value, tuple):
        kind, inner = value
        if isinstance(inner, list):
            return bigquery.ArrayQueryParameter(name, kind, inner)
        return bigquery.ScalarQueryParameter(name, kind, inner)
    if isinstance(value, list):
        kinds = {_scalar_type(v) for v in value} or {"STRING"}
        if len(kinds) != 1:
            raise WarehouseError(f"query parameter @{name}: mixed element types {sorted(kinds)}", field=name)
        return bigquery.ArrayQueryParameter(name, kinds.pop(), value)
    return bigquery.ScalarQueryParameter(name, _scalar_type(value), value)


def _scalar_type(value: Any) -> str:
    if isinstance(value, bool):
        return "BOOL"
    if isinstance(value, int):
        return "INT64"
    if isinstance(value, float):
        return "FLOAT64"
    if isinstance(value, datetime):
        return "TIMESTAMP"
    if isinstance(value, date):
        return "DATE"
    if isinstance(value, str):
        return "STRING"
    raise WarehouseError(f"query parameter of unsupported type {type(value).__name__}; pass (TYPE, value)")


def _is_concurrent_update(exc: Exception) -> bool:
    # Only DML conflicts: transport errors are the inner `retry`'s job (nesting both multiplies deadlines).
    return "concurrent update" in str(exc).lower()


class Warehouse:
    """The project's one door to BigQuery (or the local stand-in, which speaks the same API)."""

    def __init__(
        self, client: bigquery.Client, *, retry_deadline_s: float = 30.0, job_timeout_s: float = 120.0
    ) -> None:
        self.client = client
        self.project = client.project
        self._retry = Retry(deadline=retry_deadline_s)
        self._job_retry = Retry(predicate=_is_concurrent_update, deadline=retry_deadline_s)
        self._job_timeout_s = job_timeout_s
        self._groups: dict[tuple, GroupCommit] = {}
        self._groups_lock = threading.Lock()
        self.calls: Counter[str] = Counter()

    @classmethod
    def from_settings(cls, settings: Settings) -> Warehouse:
        """Production credentials by default; the local stand-in when COURTSIDE_BQ_ENDPOINT is set."""
        if settings.bq_endpoint:
            client = bigquery.Client(
                project=settings.gcp_project,
                location=settings.bq_location,
                credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
                client_options=ClientOptions(api_endpoint=str(settings.bq_endpoint).rstrip("/")),
            )
        else:
            client = bigquery.Client(project=settings.gcp_project, location=settings.bq_location)
        return cls(client, retry_deadline_s=settings.bq_retry_deadline_s, job_timeout_s=settings.bq_job_timeout_s)

    def table_id(self, name: str) -> str:
        """`project.dataset.table` for `dataset.table`."""
        return f"{self.project}.{name}"

    def query(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """Run GoogleSQL with named @parameters; rows as dicts."""
        return self._run(sql, params)[0]

    def execute(self, sql: str, **params: Any) -> int:
        """Run one DML statement (MERGE, INSERT, DELETE); returns the rows it inserted, updated or deleted."""
        return int(self._run(sql, params)[1].num_dml_affected_rows or 0)

    def _run(self, sql: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], bigquery.QueryJob]:
        self.calls["query"] += 1
        config = bigquery.QueryJobConfig(query_parameters=[_param(k, v) for k, v in params.items()])
        try:
            # job_retry=None on insert: the client's default wraps it in a 10-minute retry of its own.
            job = self.client.query(sql, job_config=config, retry=self._retry, job_retry=None)
            rows = job.result(timeout=self._job_timeout_s, retry=self._retry, job_retry=self._job_retry)
            return [dict(row) for row in rows], job
        except (gexc.GoogleAPIError, OSError, TimeoutError) as exc:
            raise WarehouseError(f"query failed: {_cause(exc)}") from exc

    def load_rows(self, table: str, rows: Iterable[dict[str, Any]], key: Sequence[str] | None = None) -> int:
        """Validate, load into a staging table with a load job, MERGE on the key; returns rows loaded.

        Concurrent calls for one table share one load + MERGE (group commit); each still gets its own outcome.
        """
        spec = table_spec(table)
        key = tuple(key or spec.key)
        clean = _unique(validate_rows(spec, rows), key)
        if clean:
            self._group(("load", table, key), partial(self._merge_rows, spec, key)).submit(clean)
        return len(clean)

    def append_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Append validated rows to an append-only log table (streaming insert; the key is the insert id)."""
        spec = table_spec(table)
        clean = validate_rows(spec, rows)
        if clean:
            self._group(("append", table), partial(self._insert_rows, spec)).submit(clean)
        return len(clean)

    def _group(self, name: tuple, write: Callable[[list[dict[str, Any]]], None]) -> GroupCommit:
        with self._groups_lock:
            if name not in self._groups:
                self._groups[name] = GroupCommit(write)
            return self._groups[name]

    def _merge_rows(self, spec: TableSpec, key: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        staging = self.table_id(f"{spec.dataset}._stg_{spec.name}_{uuid.uuid4().hex[:12]}")
        try:
            self._load_file(staging, spec.fields, _unique(rows, key))
            self.execute(_merge_sql(self.table_id(spec.full_name), staging, [f.name for f in spec.fields], key))
        except WarehouseError as exc:
            raise WarehouseError(f"{spec.full_name}: load failed: {exc.message}", table=spec.full_name) from exc
        finally:
            self._drop_quietly(staging)

    def _insert_rows(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        self.calls["append"] += 1
        row_ids = ["|".join(str(r[k]) for k in spec.key) for r in rows]
        try:
            errors = self.client.insert_rows_json(
                self.table_id(spec.full_name), rows, row_ids=row_ids, retry=self._retry
            )
        except (gexc.GoogleAPIError, OSError) as exc:
            raise WarehouseError(f"{spec.full_name}: append failed: {_cause(exc)}", table=spec.full_name) from exc
        if errors:
            raise WarehouseError(f"{spec.full_name}: append rejected: {errors[0]}", table=spec.full_name)

    def ensure_tables(self) -> list[str]:
        """Create missing datasets and tables; returns the tables it created (none on a second call)."""
        created = []
        try:
            for dataset in DATASETS:
                self.client.create_dataset(f"{self.project}.{dataset}", exists_ok=True, retry=self._retry)
                existing = {t.table_id for t in self.client.list_tables(f"{self.project}.{dataset}", retry=self._retry)}
                for spec in TABLES.values():
                    if spec.dataset == dataset and spec.name not in existing:
                        self.client.create_table(_table(self.table_id(spec.full_name), spec), retry=self._retry)
                        created.append(spec.full_name)
        except (gexc.GoogleAPIError, OSError) as exc:
            raise WarehouseError(f"ensure_tables failed: {_cause(exc)}") from exc
        return created

    def ping(self) -> bool:
        """Whether the warehouse answers right now."""
        try:
            list(self.client.list_datasets(max_results=1, retry=Retry(deadline=3.0), timeout=3.0))
            return True
        except Exception:
            return False

    def _load_file(self, table_id: str, fields: Sequence[bigquery.SchemaField], rows: list[dict]) -> None:
        self.calls["load"] += 1
        body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
        config = bigquery.LoadJobConfig(
            schema=list(fields), source_format="NEWLINE_DELIMITED_JSON", write_disposition="WRITE_TRUNCATE"
        )
        try:
            # No size: a resumable upload (the stand-in rejects sized multipart uploads).
            # num_retries: the default 6 backs off for ~70 s when the warehouse is unreachable; the executor
            # retries whole scrapes (idempotent), so one upload retry is enough here.
            job = self.client.load_table_from_file(
                io.BytesIO(body), table_id, job_config=config, num_retries=_UPLOAD_RETRIES
            )
            job.result(timeout=self._job_timeout_s, retry=self._retry)
        except (gexc.GoogleAPIError, OSError, TimeoutError) as exc:
            raise WarehouseError(f"load job failed: {_cause(exc)}") from exc

    def _drop_quietly(self, table_id: str) -> None:
        # A leftover staging table is harmless; never let its cleanup mask the real outcome.
        with contextlib.suppress(Exception):
            self.client.delete_table(table_id, not_found_ok=True, retry=Retry(deadline=5.0))


def _table(table_id: str, spec: Any) -> bigquery.Table:
    table = bigquery.Table(table_id, schema=list(spec.fields))
    table.description = spec.description or None
    if spec.partition_field:
        kind = spec.columns[spec.partition_field].field_type
        table.time_partitioning = (
            bigquery.TimePartitioning(type_=bigquery.TimePartitioningType.DAY, field=spec.partition_field)
            if kind in {"DATE", "TIMESTAMP", "DATETIME"}
            else None
        )
    if spec.clustering:
        table.clustering_fields = list(spec.clustering)
    return table


def _unique(rows: list[dict[str, Any]], key: Sequence[str]) -> list[dict[str, Any]]:
    """One row per key, the last one given winning."""
    return list({tuple(r[k] for k in key): r for r in rows}.values())


def _merge_sql(target: str, staging: str, columns: list[str], key: Sequence[str]) -> str:
    on = " AND ".join(f"T.`{k}` = S.`{k}`" for k in key)
    updates = ", ".join(f"`{c}` = S.`{c}`" for c in columns if c not in key)
    names = ", ".join(f"`{c}`" for c in columns)
    values = ", ".join(f"S.`{c}`" for c in columns)
    matched = f"WHEN MATCHED THEN UPDATE SET {updates} " if updates else ""
    return (
        f"MERGE `{target}` T USING `{staging}` S ON {on} {matched}"
        f"WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({values})"
    )


def _cause(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return message.splitlines()[0][:500]
