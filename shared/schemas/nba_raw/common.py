"""What every nba_raw table shares: the dataset name and the lineage columns each row ends with."""

from shared.schemas.spec import col, req

DATASET = "nba_raw"

LINEAGE = (
    col("archive_path", "STRING", description="raw payload this row came from"),
    req("processed_at", "TIMESTAMP"),
)
