"""nba_reference's player registry: players, their source ids and teams, resolved names, the queue, coverage."""

from shared.schemas.spec import TableSpec, col, req

DATASET = "nba_reference"
_GAME = (req("game_date", "DATE"), req("team_a", "STRING"), req("team_b", "STRING"))

REGISTRY_TABLES = [
    TableSpec(
        DATASET,
        "players",
        (
            req("player_id", "STRING", description="stable registry id, kept once assigned"),
            req("player_name", "STRING"),
            req("player_lookup", "STRING"),
            col("nba_person_id", "INT64", description="NBA.com person id, when a source carries it"),
            col("espn_player_id", "STRING"),
            col("bdl_player_id", "INT64"),
            col("team_tricode", "STRING", description="the latest team seen"),
            col("first_seen", "DATE"),
            col("last_seen", "DATE"),
            req("updated_at", "TIMESTAMP"),
        ),
        key=("player_id",),
        clustering=("player_lookup",),
    ),
    TableSpec(
        DATASET,
        "player_source_ids",
        (
            req("source", "STRING", description="espn or bdl"),
            req("source_player_id", "STRING"),
            req("player_id", "STRING"),
            col("player_name", "STRING", description="as the source spells it"),
            col("matched_by", "STRING", description="new, exact, rule, fuzzy or source_id"),
            req("updated_at", "TIMESTAMP"),
        ),
        key=("source", "source_player_id"),
        clustering=("player_id",),
    ),
    TableSpec(
        DATASET,
        "player_teams",
        (
            req("player_id", "STRING"),
            req("team_tricode", "STRING"),
            req("first_seen", "DATE"),
            req("last_seen", "DATE"),
            req("updated_at", "TIMESTAMP"),
        ),
        key=("player_id", "team_tricode"),
        clustering=("team_tricode",),
    ),
    TableSpec(
        DATASET,
        "resolved_names",
        (
            req("source", "STRING"),
            *_GAME,
            req("name_lookup", "STRING", description="the raw row's player_lookup"),
            col("player_id", "STRING", description="NULL while the name waits for the resolver (or a person)"),
            col("team_tricode", "STRING", description="the player's team in that game"),
            col("method", "STRING", description="exact, alias, rule or fuzzy; NULL while unresolved"),
            col("score", "FLOAT64"),
            col("raw_name", "STRING", description="one spelling the source printed"),
            req("processed_at", "TIMESTAMP"),
        ),
        key=("source", "game_date", "team_a", "team_b", "name_lookup"),
        partition_field="game_date",
        clustering=("name_lookup",),
    ),
    TableSpec(
        DATASET,
        "unresolved_players",
        (
            req("source", "STRING"),
            *_GAME,
            req("name_lookup", "STRING"),
            req("raw_name", "STRING"),
            col("reason", "STRING", description="ambiguous, no_match, empty_name, name_too_long, no_candidates"),
            col("candidates", "STRING", description="JSON list of {player_id, name, score}"),
            req("first_seen", "TIMESTAMP"),
            req("last_seen", "TIMESTAMP"),
            req("times_seen", "INT64"),
            req("status", "STRING", description="open, or resolved once a run resolves it"),
            col("resolved_player_id", "STRING"),
        ),
        key=("source", "game_date", "team_a", "team_b", "name_lookup"),
        partition_field="game_date",
        clustering=("status",),
    ),
    TableSpec(
        DATASET,
        "player_coverage",
        (
            req("game_date", "DATE"),
            req("measured_at", "TIMESTAMP"),
            req("players_with_line", "INT64", description="players (not spellings) any book offers a line for"),
            req("players_reached", "INT64", description="of those, players whose line reached the context table"),
            req("unresolved", "INT64", description="open queue rows for the date"),
            col("missing", "STRING", description="JSON list of the names that did not reach the context table"),
            col(
                "spellings_queued",
                "STRING",
                description="JSON list of queued spellings of players whose line reached the context table",
            ),
        ),
        key=("game_date", "measured_at"),
        partition_field="game_date",
    ),
]
