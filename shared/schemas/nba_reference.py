"""nba_reference: slowly changing lookups (teams across sources) and the player registry."""

from shared.schemas.nba_reference_players import REGISTRY_TABLES
from shared.schemas.spec import TableSpec, col, req

DATASET = "nba_reference"

TABLES = [
    TableSpec(
        DATASET,
        "teams",
        (
            req("tricode", "STRING"),
            col("nba_team_id", "INT64"),
            col("espn_abbr", "STRING"),
            col("full_name", "STRING"),
            col("city", "STRING"),
            col("nickname", "STRING"),
        ),
        key=("tricode",),
    ),
    TableSpec(
        DATASET,
        "player_aliases",
        (
            req("source", "STRING"),
            req("alias_lookup", "STRING"),
            req("player_lookup", "STRING"),
            col("note", "STRING"),
            col("player_id", "STRING", description="the registry player this spelling means"),
            col("raw_name", "STRING"),
            col("created_by", "STRING", description="the person who decided"),
            col("created_at", "TIMESTAMP"),
        ),
        key=("source", "alias_lookup"),
        clustering=("player_lookup",),
    ),
    *REGISTRY_TABLES,
]
