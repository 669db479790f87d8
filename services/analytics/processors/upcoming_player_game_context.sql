-- One row per player expected to play on each date in the range: rest, form, lines, injury.
-- Played games are box-score rows with minutes > 0 (blank or 0 = did not play).
-- days_rest = days between games - 1 (a back-to-back has 0); games_last_N_days counts played games on D-N..D-1.
WITH games AS (
  SELECT
    game_id, game_date, home_team_tricode AS team_tricode, away_team_tricode AS opponent_tricode,
    TRUE AS is_home, game_datetime_utc AS tipoff
  FROM nba_raw.nbac_schedule
  WHERE game_date BETWEEN @start_date AND @end_date
  UNION ALL
  SELECT
    game_id, game_date, away_team_tricode AS team_tricode, home_team_tricode AS opponent_tricode,
    FALSE AS is_home, game_datetime_utc AS tipoff
  FROM nba_raw.nbac_schedule
  WHERE game_date BETWEEN @start_date AND @end_date
),
dates AS (
  SELECT DISTINCT game_date FROM games
),
history AS (
  SELECT
    d.game_date,
    b.player_lookup,
    b.player_name,
    b.team_tricode,
    b.game_date AS played_on,
    b.pts,
    ROW_NUMBER() OVER (PARTITION BY d.game_date, b.player_lookup ORDER BY b.game_date DESC) AS recency
  FROM dates AS d
  JOIN nba_raw.bdl_box_scores AS b
    ON b.game_date < d.game_date AND b.game_date >= DATE_SUB(d.game_date, INTERVAL 365 DAY)
  WHERE b.game_date BETWEEN DATE_SUB(@start_date, INTERVAL 365 DAY) AND @end_date
    AND b.minutes > 0
),
form AS (
  SELECT
    game_date,
    player_lookup,
    MAX(played_on) AS last_played,
    COUNTIF(played_on >= DATE_SUB(game_date, INTERVAL 7 DAY)) AS games_last_7_days,
    COUNTIF(played_on >= DATE_SUB(game_date, INTERVAL 14 DAY)) AS games_last_14_days,
    AVG(IF(recency <= 5, pts, NULL)) AS points_avg_last_5,
    AVG(IF(recency <= 10, pts, NULL)) AS points_avg_last_10
  FROM history
  GROUP BY game_date, player_lookup
),
roster_dates AS (
  -- Each team's latest ESPN roster snapshot within 30 days up to the date.
  SELECT g.game_date, g.team_tricode, MAX(r.roster_date) AS roster_date
  FROM games AS g
  JOIN nba_raw.espn_rosters AS r
    ON r.team_tricode = g.team_tricode
    AND r.roster_date <= g.game_date
    AND r.roster_date >= DATE_SUB(g.game_date, INTERVAL 30 DAY)
  WHERE r.roster_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  GROUP BY g.game_date, g.team_tricode
),
candidates AS (
  SELECT rd.game_date, rd.team_tricode, r.player_lookup, r.player_name, 1 AS source_rank, r.roster_date AS seen_on
  FROM roster_dates AS rd
  JOIN nba_raw.espn_rosters AS r ON r.team_tricode = rd.team_tricode AND r.roster_date = rd.roster_date
  WHERE r.roster_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  UNION ALL
  -- A team without a roster snapshot: players whose latest game, within 30 days, was for that team.
  SELECT g.game_date, g.team_tricode, h.player_lookup, h.player_name, 2 AS source_rank, h.played_on AS seen_on
  FROM games AS g
  JOIN history AS h ON h.game_date = g.game_date AND h.team_tricode = g.team_tricode AND h.recency = 1
  LEFT JOIN roster_dates AS rd ON rd.game_date = g.game_date AND rd.team_tricode = g.team_tricode
  WHERE rd.roster_date IS NULL AND h.played_on >= DATE_SUB(g.game_date, INTERVAL 30 DAY)
),
players AS (
  SELECT c.game_date, c.player_lookup, c.player_name, c.team_tricode, g.game_id, g.opponent_tricode, g.is_home, g.tipoff
  FROM candidates AS c
  JOIN games AS g ON g.game_date = c.game_date AND g.team_tricode = c.team_tricode
  WHERE c.player_lookup IS NOT NULL
  -- A player on two snapshots (a trade): the roster first, then the most recent.
  QUALIFY ROW_NUMBER() OVER (PARTITION BY c.game_date, c.player_lookup ORDER BY c.source_rank, c.seen_on DESC) = 1
),
injury_reports AS (
  -- bdl_injuries holds the whole injury list per report_date: the latest list on or before the date.
  SELECT d.game_date, MAX(i.report_date) AS report_date
  FROM dates AS d
  JOIN nba_raw.bdl_injuries AS i
    ON i.report_date <= d.game_date AND i.report_date >= DATE_SUB(d.game_date, INTERVAL 30 DAY)
  WHERE i.report_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  GROUP BY d.game_date
),
injuries AS (
  SELECT ir.game_date, i.player_lookup, i.status
  FROM injury_reports AS ir
  JOIN nba_raw.bdl_injuries AS i ON i.report_date = ir.report_date
  WHERE i.report_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  QUALIFY ROW_NUMBER() OVER (PARTITION BY ir.game_date, i.player_lookup ORDER BY i.processed_at DESC) = 1
),
targets AS (
  SELECT game_date, player_lookup, tipoff FROM players
),
{{ prop_lines }}
SELECT
  p.game_date,
  p.player_lookup,
  p.game_id,
  p.player_name,
  p.team_tricode,
  p.opponent_tricode,
  p.is_home,
  DATE_DIFF(p.game_date, f.last_played, DAY) - 1 AS days_rest,
  COALESCE(DATE_DIFF(p.game_date, f.last_played, DAY) = 1, FALSE) AS is_back_to_back,
  COALESCE(f.games_last_7_days, 0) AS games_last_7_days,
  COALESCE(f.games_last_14_days, 0) AS games_last_14_days,
  f.points_avg_last_5,
  f.points_avg_last_10,
  l.current_line AS current_points_line,
  l.opening_line AS opening_points_line,
  l.current_line - l.opening_line AS line_movement,
  l.current_line IS NOT NULL AS has_prop_line,
  i.status AS injury_status,
  @processed_at AS processed_at
FROM players AS p
LEFT JOIN form AS f ON f.game_date = p.game_date AND f.player_lookup = p.player_lookup
LEFT JOIN lines AS l ON l.game_date = p.game_date AND l.player_lookup = p.player_lookup
LEFT JOIN injuries AS i ON i.game_date = p.game_date AND i.player_lookup = p.player_lookup
