-- Games not yet final in range with no player points props from either source, per date.
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
  SELECT g.game_date, g.game_id, COUNT(p.team_tricode) = 0 AS is_missing
  FROM games AS g
  LEFT JOIN prop_teams AS p
    ON p.game_date = g.game_date AND p.team_tricode IN (g.home_team_tricode, g.away_team_tricode)
  GROUP BY g.game_date, g.game_id
)
SELECT game_date, COUNTIF(is_missing) AS missing, COUNT(*) AS total
FROM per_game
GROUP BY game_date
HAVING COUNTIF(is_missing) > 0
