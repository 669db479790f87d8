"""nba_raw tables about players: ESPN rosters and Ball Don't Lie injuries."""

from shared.schemas.nba_raw.common import DATASET, LINEAGE
from shared.schemas.spec import TableSpec, col, req

TABLES = [
    TableSpec(
        DATASET,
        "espn_rosters",
        (
            req("roster_date", "DATE"),
            req("team_tricode", "STRING"),
            col("espn_team_abbr", "STRING"),
            req("espn_player_id", "STRING"),
            req("player_name", "STRING"),
            req("player_lookup", "STRING"),
            col("jersey", "STRING"),
            col("position", "STRING"),
            col("status", "STRING"),
            col("injury_status", "STRING"),
            *LINEAGE,
        ),
        key=("roster_date", "team_tricode", "espn_player_id"),
        partition_field="roster_date",
        clustering=("team_tricode",),
    ),
    TableSpec(
        DATASET,
        "bdl_injuries",
        (
            req("report_date", "DATE"),
            req("bdl_player_id", "INT64"),
            req("player_name", "STRING"),
            req("player_lookup", "STRING"),
            col("bdl_team_id", "INT64"),
            col("team_tricode", "STRING"),
            col("status", "STRING"),
            col("return_date", "STRING"),
            col("description", "STRING"),
            *LINEAGE,
        ),
        key=("report_date", "bdl_player_id"),
        partition_field="report_date",
        clustering=("player_lookup",),
    ),
]
