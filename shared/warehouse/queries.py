"""GoogleSQL with named @parameters: parameter types from Python values, one query job run to its rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import bigquery

from shared.errors import WarehouseError
from shared.warehouse.connection import Deadlines, cause


def run_query(
    client: bigquery.Client, deadlines: Deadlines, sql: str, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], bigquery.QueryJob]:
    """Rows as dicts and the finished job (for DML counts); failures raise WarehouseError."""
    config = bigquery.QueryJobConfig(query_parameters=[query_parameter(k, v) for k, v in params.items()])
    try:
        # job_retry=None on insert: the client's default wraps it in a 10-minute retry of its own.
        job = client.query(sql, job_config=config, retry=deadlines.transport, job_retry=None)
        rows = job.result(timeout=deadlines.job_timeout_s, retry=deadlines.transport, job_retry=deadlines.dml_conflict)
        return [dict(row) for row in rows], job
    except (gexc.GoogleAPIError, OSError, TimeoutError) as exc:
        raise WarehouseError(f"query failed: {cause(exc)}") from exc


def query_parameter(name: str, value: Any) -> bigquery.ScalarQueryParameter | bigquery.ArrayQueryParameter:
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
