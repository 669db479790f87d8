"""The registry's set-based SQL: the range's prop names, the ones still to resolve, the exact-name MERGE."""

from shared.players.registry import TEAM_WINDOW

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

# Names a run still has to resolve (new ones, and those still unresolved: a person may have answered since), one row
# per spelling and team pair with its game dates: a spelling recurs all season, and every row crosses the wire.
NEW_PROP_NAMES_SQL = f"""
SELECT p.source, p.team_a, p.team_b, p.name_lookup, ANY_VALUE(p.raw_name) AS raw_name,
  ARRAY_AGG(p.game_date) AS game_dates
FROM ({PROP_NAMES_SQL}) AS p
LEFT JOIN nba_reference.resolved_names AS n
  ON n.source = p.source AND n.game_date = p.game_date AND n.team_a = p.team_a AND n.team_b = p.team_b
  AND n.name_lookup = p.name_lookup AND n.game_date BETWEEN @start_date AND @end_date
WHERE n.player_id IS NULL
GROUP BY p.source, p.team_a, p.team_b, p.name_lookup
"""

# The cheap rule, set-based in SQL: a name not yet mapped that equals exactly one registry player's on the game's
# two teams (within the registry's team window) is mapped in one MERGE; only the rest travel to Python. Same answer
# as the resolver's exact step, which runs first there too. A mapped name stays mapped (the MERGE only inserts).
# A name with an open queue row goes to Python even when it now matches exactly, so its queue row is closed.
EXACT_MERGE_SQL = f"""
MERGE nba_reference.resolved_names AS T
USING (
  SELECT n.source, n.game_date, n.team_a, n.team_b, n.name_lookup, ANY_VALUE(p.player_id) AS player_id,
    MAX_BY(pt.team_tricode, pt.last_seen) AS team_tricode
  FROM ({PROP_NAMES_SQL}) AS n
  JOIN nba_reference.player_teams AS pt
    ON pt.team_tricode IN (n.team_a, n.team_b)
    AND n.game_date BETWEEN DATE_SUB(pt.first_seen, INTERVAL {TEAM_WINDOW.days} DAY)
    AND DATE_ADD(pt.last_seen, INTERVAL {TEAM_WINDOW.days} DAY)
  JOIN nba_reference.players AS p ON p.player_id = pt.player_id AND p.player_lookup = n.name_lookup
  LEFT JOIN nba_reference.unresolved_players AS q
    ON q.source = n.source AND q.game_date = n.game_date AND q.team_a = n.team_a AND q.team_b = n.team_b
    AND q.name_lookup = n.name_lookup AND q.status = 'open' AND q.game_date BETWEEN @start_date AND @end_date
  WHERE n.name_lookup != '' AND q.name_lookup IS NULL
  GROUP BY n.source, n.game_date, n.team_a, n.team_b, n.name_lookup
  HAVING COUNT(DISTINCT p.player_id) = 1
) AS S
ON T.source = S.source AND T.game_date = S.game_date AND T.team_a = S.team_a AND T.team_b = S.team_b
  AND T.name_lookup = S.name_lookup AND T.game_date BETWEEN @start_date AND @end_date
WHEN NOT MATCHED THEN INSERT (source, game_date, team_a, team_b, name_lookup, player_id, team_tricode, method, score,
  processed_at)
VALUES (S.source, S.game_date, S.team_a, S.team_b, S.name_lookup, S.player_id, S.team_tricode, 'exact', 100.0,
  @processed_at)
"""
