"""The project's one door to BigQuery: `Warehouse` (query, load + MERGE, append, ensure_tables)."""

from shared.warehouse.facade import Warehouse

__all__ = ["Warehouse"]
