-- One row per player per final game in the date range: box score, shooting, closing line, result.
WITH games AS (
  SELECT game_id, game_date, home_team_tricode, away_team_tricode, game_datetime_utc AS tipoff
  FROM nba_raw.nbac_schedule
  WHERE game_date BETWEEN @start_date AND @end_date AND game_status = 3
),
box AS (
  SELECT
    g.game_id,
    g.tipoff,
    b.game_date,
    -- The registry's id for this BDL id (a BDL id it has not seen yet keeps its own, never dropped).
    COALESCE(ids.player_id, CONCAT('bdl-', CAST(b.bdl_player_id AS STRING))) AS player_id,
    COALESCE(reg.player_lookup, b.player_lookup) AS player_lookup,
    b.player_name,
    b.team_tricode,
    IF(b.team_tricode = g.home_team_tricode, g.away_team_tricode, g.home_team_tricode) AS opponent_tricode,
    b.team_tricode = g.home_team_tricode AS is_home,
    b.minutes,
    b.pts,
    b.fgm,
    b.fga,
    b.fg3m,
    b.fg3a,
    b.ftm,
    b.fta
  FROM nba_raw.bdl_box_scores AS b
  JOIN games AS g
    ON b.game_date = g.game_date AND b.team_tricode IN (g.home_team_tricode, g.away_team_tricode)
  LEFT JOIN nba_reference.player_source_ids AS ids
    ON ids.source = 'bdl' AND ids.source_player_id = CAST(b.bdl_player_id AS STRING)
  LEFT JOIN nba_reference.players AS reg ON reg.player_id = ids.player_id
  WHERE b.game_date BETWEEN @start_date AND @end_date
  -- Two source ids folding to one player_lookup on one date: keep the latest row, the key stays unique.
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY b.game_date, COALESCE(reg.player_lookup, b.player_lookup) ORDER BY b.processed_at DESC
  ) = 1
),
targets AS (
  SELECT game_date, player_id, tipoff FROM box
),
{{ prop_lines }}
SELECT
  b.game_date,
  b.player_lookup,
  b.player_id,
  b.game_id,
  b.player_name,
  b.team_tricode,
  b.opponent_tricode,
  b.is_home,
  b.minutes,
  b.pts AS points,
  b.fgm,
  b.fga,
  b.fg3m,
  b.fg3a,
  b.ftm,
  b.fta,
  SAFE_DIVIDE(b.pts, 2 * (b.fga + 0.44 * b.fta)) AS ts_pct,
  SAFE_DIVIDE(b.fgm + 0.5 * b.fg3m, b.fga) AS efg_pct,
  l.current_line AS points_line,
  l.line_source,
  CASE
    -- No line, no points, or did not play (minutes blank or 0: books void the bet): no result.
    WHEN l.current_line IS NULL OR b.pts IS NULL OR COALESCE(b.minutes, 0) = 0 THEN NULL
    WHEN b.pts > l.current_line THEN 'OVER'
    WHEN b.pts < l.current_line THEN 'UNDER'
    ELSE 'PUSH'
  END AS over_under_result,
  @processed_at AS processed_at
FROM box AS b
LEFT JOIN lines AS l ON b.game_date = l.game_date AND b.player_id = l.player_id
