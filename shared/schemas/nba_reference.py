"""nba_reference: slowly changing lookups (teams across sources, player name aliases)."""

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
        ),
        key=("source", "alias_lookup"),
        clustering=("player_lookup",),
    ),
]
