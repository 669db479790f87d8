"""nba_analytics: per-player tables the processors MERGE on (game_date, player_lookup)."""

from shared.schemas.spec import TableSpec, col, req

DATASET = "nba_analytics"
_KEY = ("game_date", "player_lookup")

TABLES = [
    TableSpec(
        DATASET,
        "player_game_summary",
        (
            req("game_date", "DATE"),
            req("player_lookup", "STRING"),
            col("player_id", "STRING", description="nba_reference.players id"),
            col("game_id", "STRING"),
            col("player_name", "STRING"),
            col("team_tricode", "STRING"),
            col("opponent_tricode", "STRING"),
            col("is_home", "BOOL"),
            col("minutes", "FLOAT64"),
            col("points", "INT64"),
            col("fgm", "INT64"),
            col("fga", "INT64"),
            col("fg3m", "INT64"),
            col("fg3a", "INT64"),
            col("ftm", "INT64"),
            col("fta", "INT64"),
            col("ts_pct", "FLOAT64"),
            col("efg_pct", "FLOAT64"),
            col("points_line", "FLOAT64", description="closing line: Odds API, else BettingPros"),
            col("line_source", "STRING"),
            col("over_under_result", "STRING", description="OVER, UNDER or PUSH"),
            req("processed_at", "TIMESTAMP"),
        ),
        key=_KEY,
        partition_field="game_date",
        clustering=("player_lookup",),
    ),
    TableSpec(
        DATASET,
        "upcoming_player_game_context",
        (
            req("game_date", "DATE"),
            req("player_lookup", "STRING"),
            col("player_id", "STRING", description="nba_reference.players id"),
            col("game_id", "STRING"),
            col("player_name", "STRING"),
            col("team_tricode", "STRING"),
            col("opponent_tricode", "STRING"),
            col("is_home", "BOOL"),
            col("days_rest", "INT64"),
            col("is_back_to_back", "BOOL"),
            col("games_last_7_days", "INT64"),
            col("games_last_14_days", "INT64"),
            col("points_avg_last_5", "FLOAT64"),
            col("points_avg_last_10", "FLOAT64"),
            col("current_points_line", "FLOAT64"),
            col("opening_points_line", "FLOAT64"),
            col("line_movement", "FLOAT64"),
            col("has_prop_line", "BOOL"),
            col("injury_status", "STRING"),
            req("processed_at", "TIMESTAMP"),
        ),
        key=_KEY,
        partition_field="game_date",
        clustering=("player_lookup",),
    ),
]
