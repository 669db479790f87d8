-- Final games in range with no box-score rows for one of their teams, per date.
WITH games AS (
  SELECT game_id, game_date, home_team_tricode, away_team_tricode
  FROM nba_raw.nbac_schedule
  WHERE game_date BETWEEN @start_date AND @end_date AND game_status = 3
),
teams AS (
  SELECT DISTINCT game_date, team_tricode
  FROM nba_raw.bdl_box_scores
  WHERE game_date BETWEEN @start_date AND @end_date
),
per_game AS (
  SELECT
    g.game_date,
    g.game_id,
    h.team_tricode IS NULL OR a.team_tricode IS NULL AS is_missing
  FROM games AS g
  LEFT JOIN teams AS h ON h.game_date = g.game_date AND h.team_tricode = g.home_team_tricode
  LEFT JOIN teams AS a ON a.game_date = g.game_date AND a.team_tricode = g.away_team_tricode
)
SELECT game_date, COUNTIF(is_missing) AS missing, COUNT(*) AS total
FROM per_game
GROUP BY game_date
HAVING COUNTIF(is_missing) > 0
