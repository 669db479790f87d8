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
box AS (
  -- Box scores with the registry's player id (an id it has not seen keeps its own, never dropped).
  SELECT b.*, COALESCE(ids.player_id, CONCAT('bdl-', CAST(b.bdl_player_id AS STRING))) AS player_id
  FROM nba_raw.bdl_box_scores AS b
  LEFT JOIN nba_reference.player_source_ids AS ids
    ON ids.source = 'bdl' AND ids.source_player_id = CAST(b.bdl_player_id AS STRING)
  WHERE b.game_date BETWEEN DATE_SUB(@start_date, INTERVAL 365 DAY) AND @end_date AND b.minutes > 0
),
played AS (
  -- Each player's played games in order (n = 1, 2, ...), the date of the next one and running points totals:
  -- linear in rows, where joining every date to a year of box scores grew with dates x rows.
  SELECT
    b.player_id,
    b.player_lookup,
    b.player_name,
    b.team_tricode,
    b.game_date AS played_on,
    b.pts,
    ROW_NUMBER() OVER in_order AS n,
    LEAD(b.game_date) OVER in_order AS next_played,
    SUM(b.pts) OVER (in_order ROWS UNBOUNDED PRECEDING) AS pts_through,
    COUNT(b.pts) OVER (in_order ROWS UNBOUNDED PRECEDING) AS scored_through
  FROM box AS b
  WINDOW in_order AS (PARTITION BY b.player_id ORDER BY b.game_date, b.bdl_player_id)
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
  SELECT
    rd.game_date, rd.team_tricode, COALESCE(ids.player_id, CONCAT('espn-', r.espn_player_id)) AS player_id,
    r.player_lookup, r.player_name, 1 AS source_rank, r.roster_date AS seen_on
  FROM roster_dates AS rd
  JOIN nba_raw.espn_rosters AS r ON r.team_tricode = rd.team_tricode AND r.roster_date = rd.roster_date
  LEFT JOIN nba_reference.player_source_ids AS ids
    ON ids.source = 'espn' AND ids.source_player_id = r.espn_player_id
  WHERE r.roster_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  UNION ALL
  -- A player with a resolved line in this game but on no roster snapshot (a two-way player ESPN leaves out).
  SELECT n.game_date, n.team_tricode, n.player_id, reg.player_lookup, reg.player_name, 3 AS source_rank,
    n.game_date AS seen_on
  FROM nba_reference.resolved_names AS n
  JOIN nba_reference.players AS reg ON reg.player_id = n.player_id
  WHERE n.game_date BETWEEN @start_date AND @end_date AND n.team_tricode IS NOT NULL
  UNION ALL
  -- A team without a roster snapshot: players whose latest game, within 30 days, was for that team.
  -- A played game is a player's latest on the dates after it up to his next game (at most 30 days).
  SELECT
    g.game_date, g.team_tricode, h.player_id, h.player_lookup, h.player_name, 2 AS source_rank, h.played_on AS seen_on
  FROM played AS h
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(
    DATE_ADD(h.played_on, INTERVAL 1 DAY),
    LEAST(COALESCE(h.next_played, DATE '9999-12-31'), DATE_ADD(h.played_on, INTERVAL 30 DAY))
  )) AS latest_on
  JOIN games AS g ON g.game_date = latest_on AND g.team_tricode = h.team_tricode
  LEFT JOIN roster_dates AS rd ON rd.game_date = g.game_date AND rd.team_tricode = g.team_tricode
  WHERE rd.roster_date IS NULL
),
by_player AS (
  SELECT
    c.game_date, c.player_id, COALESCE(reg.player_lookup, c.player_lookup) AS player_lookup, c.player_name,
    c.team_tricode, g.game_id, g.opponent_tricode, g.is_home, g.tipoff
  FROM candidates AS c
  JOIN games AS g ON g.game_date = c.game_date AND g.team_tricode = c.team_tricode
  LEFT JOIN nba_reference.players AS reg ON reg.player_id = c.player_id
  WHERE c.player_id IS NOT NULL
  -- A player on two snapshots (a trade): the roster first, then the most recent.
  QUALIFY ROW_NUMBER() OVER (PARTITION BY c.game_date, c.player_id ORDER BY c.source_rank, c.seen_on DESC) = 1
),
players AS (
  -- The table's key is (game_date, player_lookup): two registry players with one lookup keep the first id.
  SELECT * FROM by_player
  QUALIFY ROW_NUMBER() OVER (PARTITION BY game_date, player_lookup ORDER BY player_id) = 1
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
  SELECT ir.game_date, COALESCE(ids.player_id, CONCAT('bdl-', CAST(i.bdl_player_id AS STRING))) AS player_id, i.status
  FROM injury_reports AS ir
  JOIN nba_raw.bdl_injuries AS i ON i.report_date = ir.report_date
  LEFT JOIN nba_reference.player_source_ids AS ids
    ON ids.source = 'bdl' AND ids.source_player_id = CAST(i.bdl_player_id AS STRING)
  WHERE i.report_date BETWEEN DATE_SUB(@start_date, INTERVAL 30 DAY) AND @end_date
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY ir.game_date, COALESCE(ids.player_id, CONCAT('bdl-', CAST(i.bdl_player_id AS STRING)))
    ORDER BY i.processed_at DESC
  ) = 1
),
form_counts AS (
  -- Targets and played games in one stream per player: RANGE frames count the played games before each date.
  SELECT game_date, player_id, last_played, games_last_7_days, games_last_14_days, played_before, in_year
  FROM (
    SELECT
      game_date, player_id, is_target,
      MAX(played_on) OVER (per_player RANGE BETWEEN 365 PRECEDING AND 1 PRECEDING) AS last_played,
      COUNT(played_on) OVER (per_player RANGE BETWEEN 7 PRECEDING AND 1 PRECEDING) AS games_last_7_days,
      COUNT(played_on) OVER (per_player RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING) AS games_last_14_days,
      COUNT(played_on) OVER (per_player RANGE BETWEEN 365 PRECEDING AND 1 PRECEDING) AS in_year,
      COUNT(played_on) OVER (per_player RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS played_before
    FROM (
      SELECT game_date, player_id, CAST(NULL AS DATE) AS played_on, TRUE AS is_target FROM players
      UNION ALL
      SELECT played_on AS game_date, player_id, played_on, FALSE AS is_target FROM played
    )
    WINDOW per_player AS (PARTITION BY player_id ORDER BY UNIX_DATE(game_date))
  )
  WHERE is_target
),
form AS (
  -- Averages over the last 5 and 10 played games within 365 days: running totals at game number
  -- played_before minus those LEAST(N, in_year) games earlier.
  SELECT
    f.game_date,
    f.player_id,
    f.last_played,
    f.games_last_7_days,
    f.games_last_14_days,
    SAFE_DIVIDE(
      h.pts_through - COALESCE(h5.pts_through, 0), h.scored_through - COALESCE(h5.scored_through, 0)
    ) AS points_avg_last_5,
    SAFE_DIVIDE(
      h.pts_through - COALESCE(h10.pts_through, 0), h.scored_through - COALESCE(h10.scored_through, 0)
    ) AS points_avg_last_10
  FROM form_counts AS f
  LEFT JOIN played AS h ON h.player_id = f.player_id AND h.n = f.played_before
  LEFT JOIN played AS h5 ON h5.player_id = f.player_id AND h5.n = f.played_before - LEAST(5, f.in_year)
  LEFT JOIN played AS h10 ON h10.player_id = f.player_id AND h10.n = f.played_before - LEAST(10, f.in_year)
),
targets AS (
  SELECT game_date, player_id, tipoff FROM players
),
{{ prop_lines }}
SELECT
  p.game_date,
  p.player_lookup,
  p.player_id,
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
LEFT JOIN form AS f ON f.game_date = p.game_date AND f.player_id = p.player_id
LEFT JOIN lines AS l ON l.game_date = p.game_date AND l.player_id = p.player_id
LEFT JOIN injuries AS i ON i.game_date = p.game_date AND i.player_id = p.player_id
