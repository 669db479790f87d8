"""TableSpec: a table's schema, key, partitioning and clustering, declared in code."""

from __future__ import annotations

from dataclasses import dataclass, field

from google.cloud.bigquery import SchemaField


def col(name: str, field_type: str, mode: str = "NULLABLE", description: str = "") -> SchemaField:
    """A column; `mode` is NULLABLE, REQUIRED or REPEATED."""
    return SchemaField(name, field_type, mode=mode, description=description)


def req(name: str, field_type: str, description: str = "") -> SchemaField:
    """A REQUIRED column."""
    return col(name, field_type, "REQUIRED", description)


@dataclass(frozen=True)
class TableSpec:
    """One warehouse table as code."""

    dataset: str
    name: str
    fields: tuple[SchemaField, ...]
    key: tuple[str, ...]
    partition_field: str | None = None
    clustering: tuple[str, ...] = ()
    description: str = ""
    columns: dict[str, SchemaField] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", {f.name: f for f in self.fields})
        missing = [c for c in (*self.key, *self.clustering) if c not in self.columns]
        if self.partition_field and self.partition_field not in self.columns:
            missing.append(self.partition_field)
        if missing:
            raise ValueError(f"{self.full_name}: key/partition/cluster names unknown columns {missing}")

    @property
    def full_name(self) -> str:
        """`dataset.table`, as SQL and settings name it."""
        return f"{self.dataset}.{self.name}"
