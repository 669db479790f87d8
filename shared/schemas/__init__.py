"""Every table of the four datasets, declared in code, by `dataset.table`."""

from shared.schemas import nba_analytics, nba_orchestration, nba_raw, nba_reference
from shared.schemas.spec import TableSpec

DATASETS = (nba_raw.DATASET, nba_analytics.DATASET, nba_orchestration.DATASET, nba_reference.DATASET)
TABLES: dict[str, TableSpec] = {
    spec.full_name: spec
    for module in (nba_raw, nba_analytics, nba_orchestration, nba_reference)
    for spec in module.TABLES
}


def table_spec(name: str) -> TableSpec:
    """The spec for `dataset.table`; KeyError names the unknown table."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(sorted(TABLES))}") from None


__all__ = ["DATASETS", "TABLES", "TableSpec", "table_spec"]
