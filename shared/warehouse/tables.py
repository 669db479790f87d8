"""Datasets and tables from the schemas in code: create what is missing, with partitioning and clustering."""

from __future__ import annotations

from google.api_core import exceptions as gexc
from google.api_core.retry import Retry
from google.cloud import bigquery

from shared.errors import WarehouseError
from shared.schemas import DATASETS, TABLES, TableSpec
from shared.warehouse.connection import Deadlines, cause


def ensure_tables(client: bigquery.Client, deadlines: Deadlines) -> list[str]:
    """Create missing datasets and tables; returns the tables it created (none on a second call)."""
    created = []
    retry = deadlines.transport
    try:
        for dataset in DATASETS:
            client.create_dataset(f"{client.project}.{dataset}", exists_ok=True, retry=retry)
            existing = {t.table_id for t in client.list_tables(f"{client.project}.{dataset}", retry=retry)}
            for spec in TABLES.values():
                if spec.dataset == dataset and spec.name not in existing:
                    client.create_table(table_definition(f"{client.project}.{spec.full_name}", spec), retry=retry)
                    created.append(spec.full_name)
                elif spec.dataset == dataset:
                    _evolve_schema(client, f"{client.project}.{spec.full_name}", spec, retry)
    except (gexc.GoogleAPIError, OSError) as exc:
        raise WarehouseError(f"ensure_tables failed: {cause(exc)}") from exc
    return created


def _evolve_schema(client: bigquery.Client, table_id: str, spec: TableSpec, retry: Retry) -> None:
    """What BigQuery lets a schema in code change on an existing table: NULLABLE columns added, REQUIRED ones
    relaxed to NULLABLE."""
    table = client.get_table(table_id, retry=retry)
    have = {f.name: f.mode for f in table.schema}
    missing = [f for f in spec.fields if f.name not in have and f.mode == "NULLABLE"]
    relaxed = {f.name for f in spec.fields if f.mode == "NULLABLE" and have.get(f.name) == "REQUIRED"}
    for field in missing:  # one statement per column: the local stand-in takes one ALTER at a time
        ddl = f"ALTER TABLE `{table_id}` ADD COLUMN IF NOT EXISTS {field.name} {field.field_type}"
        client.query(ddl, retry=retry).result(retry=retry)
    if missing:
        table = client.get_table(table_id, retry=retry)
    # The local stand-in's ALTER changes the storage, not the table's metadata (BigQuery does both).
    unlisted = [f for f in missing if f.name not in {c.name for c in table.schema}]
    if unlisted or relaxed:
        table.schema = [*(_nullable(f) if f.name in relaxed else f for f in table.schema), *unlisted]
        client.update_table(table, ["schema"], retry=retry)


def _nullable(field: bigquery.SchemaField) -> bigquery.SchemaField:
    return bigquery.SchemaField.from_api_repr({**field.to_api_repr(), "mode": "NULLABLE"})


def table_definition(table_id: str, spec: TableSpec) -> bigquery.Table:
    """A bigquery.Table for the spec: schema, description, day partitioning, clustering."""
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
