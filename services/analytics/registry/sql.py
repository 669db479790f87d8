"""The name pass's set-based SQL, each statement joining several nba_reference tables (single-table reads and
writes go through shared/reference/): the range's prop names, the MERGE into the map, what the pass reads."""

from shared.players.registry import TEAM_WINDOW
from shared.schemas import table_spec

# The teams of a prop row's game: the Odds API names both; BettingPros through its event (else the listed team).
PROP_NAMES_SQL = """
SELECT 'odds_api' AS source, game_date, COALESCE(home_team_tricode, '') AS team_a,
  COALESCE(away_team_tricode, '') AS team_b, player_lookup AS name_lookup, ANY_VALUE(player_name) AS raw_name
FROM nba_raw.oddsa_player_props
WHERE game_date BETWEEN @start_date AND @end_date AND points_line IS NOT NULL
GROUP BY game_date, team_a, team_b, name_lookup
UNION ALL
SELECT 'bettingpros' AS source, p.game_date, COALESCE(e.home_team_tricode, p.team_tricode, '') AS team_a,
  COALESCE(e.away_team_tricode, p.team_tricode, '') AS team_b, p.player_lookup AS name_lookup,
  ANY_VALUE(p.player_name) AS raw_name
FROM nba_raw.bp_player_props AS p
LEFT JOIN nba_raw.bp_events AS e ON e.event_id = p.event_id AND e.game_date = p.game_date
WHERE p.game_date BETWEEN @start_date AND @end_date AND p.points_line IS NOT NULL
GROUP BY p.game_date, team_a, team_b, name_lookup
"""

# Every name of the range not in the map yet goes into it in one MERGE: mapped in SQL when it equals exactly one
# registry player's on the game's two teams (within the registry's team window), the resolver's first step too;
# else with no player, waiting for the resolver, so the rest is found without reading the raw rows again.
# A mapped name stays mapped (the MERGE only inserts).
NAMES_MERGE_SQL = f"""
MERGE nba_reference.resolved_names AS T
USING (
  SELECT n.source, n.game_date, n.team_a, n.team_b, n.name_lookup, ANY_VALUE(n.raw_name) AS raw_name,
    IF(COUNT(DISTINCT r.player_id) = 1, ANY_VALUE(r.player_id), NULL) AS player_id,
    MAX_BY(r.team_tricode, r.last_seen) AS team_tricode
  FROM ({PROP_NAMES_SQL}) AS n
  LEFT JOIN (
    SELECT pt.player_id, pt.team_tricode, pt.first_seen, pt.last_seen, p.player_lookup
    FROM nba_reference.player_teams AS pt JOIN nba_reference.players AS p ON p.player_id = pt.player_id
  ) AS r
    ON r.team_tricode IN (n.team_a, n.team_b) AND r.player_lookup = n.name_lookup AND n.name_lookup != ''
    AND n.game_date BETWEEN DATE_SUB(r.first_seen, INTERVAL {TEAM_WINDOW.days} DAY)
    AND DATE_ADD(r.last_seen, INTERVAL {TEAM_WINDOW.days} DAY)
  GROUP BY n.source, n.game_date, n.team_a, n.team_b, n.name_lookup
) AS S
ON T.source = S.source AND T.game_date = S.game_date AND T.team_a = S.team_a AND T.team_b = S.team_b
  AND T.name_lookup = S.name_lookup AND T.game_date BETWEEN @start_date AND @end_date
WHEN NOT MATCHED THEN INSERT (source, game_date, team_a, team_b, name_lookup, player_id, team_tricode, method, score,
  raw_name, processed_at)
VALUES (S.source, S.game_date, S.team_a, S.team_b, S.name_lookup, S.player_id,
  IF(S.player_id IS NULL, NULL, S.team_tricode), IF(S.player_id IS NULL, NULL, 'exact'),
  IF(S.player_id IS NULL, NULL, 100.0), S.raw_name, @processed_at)
"""

# The names still without a player (new ones, and those still unresolved: a person may have answered since), one
# row per spelling and team pair with its game dates: a spelling recurs all season, and every row crosses the wire.
# The dates travel as one text ('2026-11-02,2026-11-05'): the REST row format costs per cell, and an array of
# dates is a cell per date.
PENDING_NAMES_SQL = """
SELECT AS STRUCT source, team_a, team_b, name_lookup, ANY_VALUE(raw_name) AS raw_name,
  STRING_AGG(CAST(game_date AS STRING), ',') AS game_dates
FROM nba_reference.resolved_names
WHERE game_date BETWEEN @start_date AND @end_date AND player_id IS NULL
GROUP BY source, team_a, team_b, name_lookup
"""

_QUEUE_COLUMNS = ", ".join(f"q.{f.name}" for f in table_spec("nba_reference.unresolved_players").fields)
# What the Python pass needs in one query: the names waiting, players with team spans, people's aliases and the
# range's queue rows with the player the map gives each now.
PASS_INPUTS_SQL = f"""
SELECT
  ARRAY({PENDING_NAMES_SQL}) AS pending,
  ARRAY(SELECT AS STRUCT p.player_id, p.player_name, t.team_tricode, t.first_seen, t.last_seen
    FROM nba_reference.players AS p JOIN nba_reference.player_teams AS t ON t.player_id = p.player_id) AS rosters,
  ARRAY(SELECT AS STRUCT source, alias_lookup, player_id FROM nba_reference.player_aliases
    WHERE player_id IS NOT NULL) AS aliases,
  ARRAY(SELECT AS STRUCT {_QUEUE_COLUMNS}, n.player_id AS mapped_to FROM nba_reference.unresolved_players AS q
    LEFT JOIN nba_reference.resolved_names AS n
      ON n.source = q.source AND n.game_date = q.game_date AND n.team_a = q.team_a AND n.team_b = q.team_b
      AND n.name_lookup = q.name_lookup AND n.game_date BETWEEN @start_date AND @end_date
    WHERE q.game_date BETWEEN @start_date AND @end_date) AS queue
"""
