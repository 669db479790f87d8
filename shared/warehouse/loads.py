"""The write path: a load job into a staging table + MERGE on the key, and streaming appends."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence
from typing import Any

from google.api_core import exceptions as gexc
from google.api_core.retry import Retry
from google.cloud import bigquery

from shared.errors import WarehouseError
from shared.schemas import TableSpec
from shared.warehouse.connection import Deadlines, cause


def load_file(
    client: bigquery.Client, deadlines: Deadlines, table_id: str, spec: TableSpec, rows: list[dict[str, Any]]
) -> None:
    """Replace `table_id`'s contents with `rows` through one load job (newline-delimited JSON)."""
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    config = bigquery.LoadJobConfig(
        schema=list(spec.fields), source_format="NEWLINE_DELIMITED_JSON", write_disposition="WRITE_TRUNCATE"
    )
    try:
        # No size: a resumable upload (the stand-in rejects sized multipart uploads).
        # num_retries: the default 6 backs off for ~70 s when the warehouse is unreachable; the executor
        # retries whole scrapes (idempotent), so one upload retry is enough here.
        job = client.load_table_from_file(
            io.BytesIO(body), table_id, job_config=config, num_retries=deadlines.upload_retries
        )
        job.result(timeout=deadlines.job_timeout_s, retry=deadlines.transport)
    except (gexc.GoogleAPIError, OSError, TimeoutError) as exc:
        raise WarehouseError(f"load job failed: {cause(exc)}") from exc


def merge_sql(target: str, staging: str, columns: list[str], key: Sequence[str]) -> str:
    """MERGE staging into target on the key: matched rows updated, new rows inserted."""
    on = " AND ".join(f"T.`{k}` = S.`{k}`" for k in key)
    updates = ", ".join(f"`{c}` = S.`{c}`" for c in columns if c not in key)
    names = ", ".join(f"`{c}`" for c in columns)
    values = ", ".join(f"S.`{c}`" for c in columns)
    matched = f"WHEN MATCHED THEN UPDATE SET {updates} " if updates else ""
    return (
        f"MERGE `{target}` T USING `{staging}` S ON {on} {matched}"
        f"WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({values})"
    )


def unique_by_key(rows: list[dict[str, Any]], key: Sequence[str]) -> list[dict[str, Any]]:
    """One row per key, the last one given winning."""
    return list({tuple(r[k] for k in key): r for r in rows}.values())


def drop_quietly(client: bigquery.Client, table_id: str, deadline_s: float = 5.0) -> None:
    """Drop a staging table; a leftover one is harmless, so its cleanup never masks the real outcome."""
    with contextlib.suppress(Exception):
        client.delete_table(table_id, not_found_ok=True, retry=Retry(deadline=deadline_s))


def stream_insert(
    client: bigquery.Client, deadlines: Deadlines, table_id: str, spec: TableSpec, rows: list[dict[str, Any]]
) -> None:
    """Streaming insert keyed by the spec's key (the insert id), for append-only tables."""
    row_ids = ["|".join(str(r[k]) for k in spec.key) for r in rows]
    try:
        errors = client.insert_rows_json(table_id, rows, row_ids=row_ids, retry=deadlines.transport)
    except (gexc.GoogleAPIError, OSError) as exc:
        raise WarehouseError(f"{spec.full_name}: append failed: {cause(exc)}", table=spec.full_name) from exc
    if errors:
        raise WarehouseError(f"{spec.full_name}: append rejected: {errors[0]}", table=spec.full_name)
