-- Final games in range with no box-score rows for one of their teams, with the range's game count.
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
    g.away_team_tricode,
    g.home_team_tricode,
    h.team_tricode IS NULL OR a.team_tricode IS NULL AS is_missing
  FROM games AS g
  LEFT JOIN teams AS h ON h.game_date = g.game_date AND h.team_tricode = g.home_team_tricode
  LEFT JOIN teams AS a ON a.game_date = g.game_date AND a.team_tricode = g.away_team_tricode
)
SELECT p.game_date, p.game_id, p.away_team_tricode, p.home_team_tricode, n.games
FROM per_game AS p
CROSS JOIN (SELECT COUNT(*) AS games FROM per_game) AS n
WHERE p.is_missing
