-- Games not yet final in range with no player points props from either source, with the range's game count.
WITH games AS (
  SELECT game_id, game_date, home_team_tricode, away_team_tricode
  FROM nba_raw.nbac_schedule
  WHERE game_date BETWEEN @start_date AND @end_date AND COALESCE(game_status, 1) < 3
),
prop_teams AS (
  SELECT game_date, home_team_tricode AS team_tricode
  FROM nba_raw.oddsa_player_props
  WHERE game_date BETWEEN @start_date AND @end_date
    AND points_line IS NOT NULL AND (market_key IS NULL OR market_key = 'player_points')
  UNION DISTINCT
  SELECT game_date, away_team_tricode AS team_tricode
  FROM nba_raw.oddsa_player_props
  WHERE game_date BETWEEN @start_date AND @end_date
    AND points_line IS NOT NULL AND (market_key IS NULL OR market_key = 'player_points')
  UNION DISTINCT
  SELECT game_date, team_tricode
  FROM nba_raw.bp_player_props
  WHERE game_date BETWEEN @start_date AND @end_date AND points_line IS NOT NULL
),
per_game AS (
  SELECT
    g.game_date, g.game_id, g.away_team_tricode, g.home_team_tricode, COUNT(p.team_tricode) = 0 AS is_missing
  FROM games AS g
  LEFT JOIN prop_teams AS p
    ON p.game_date = g.game_date AND p.team_tricode IN (g.home_team_tricode, g.away_team_tricode)
  GROUP BY g.game_date, g.game_id, g.away_team_tricode, g.home_team_tricode
)
SELECT p.game_date, p.game_id, p.away_team_tricode, p.home_team_tricode, n.games
FROM per_game AS p
CROSS JOIN (SELECT COUNT(*) AS games FROM per_game) AS n
WHERE p.is_missing
