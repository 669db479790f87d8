-- Points lines per (game_date, player_id) of the CTE `targets` (game_date, player_id, tipoff). Raw rows keep the
-- raw name; nba_reference.resolved_names (written by the resolver just before this runs) gives the player id.
-- Each book's first and last snapshot before tip-off; across books the median line (PERCENTILE_DISC:
-- the lower middle for an even count, so always a line some book offered). Odds API first, else BettingPros.
odds_named AS (
  SELECT o.*, n.player_id
  FROM nba_raw.oddsa_player_props AS o
  JOIN nba_reference.resolved_names AS n
    ON n.source = 'odds_api' AND n.game_date = o.game_date AND n.name_lookup = o.player_lookup
    AND n.team_a = COALESCE(o.home_team_tricode, '') AND n.team_b = COALESCE(o.away_team_tricode, '')
  WHERE o.game_date BETWEEN @start_date AND @end_date AND n.game_date BETWEEN @start_date AND @end_date
),
bp_named AS (
  SELECT p.*, n.player_id
  FROM nba_raw.bp_player_props AS p
  LEFT JOIN nba_raw.bp_events AS e ON e.event_id = p.event_id AND e.game_date = p.game_date
  JOIN nba_reference.resolved_names AS n
    ON n.source = 'bettingpros' AND n.game_date = p.game_date AND n.name_lookup = p.player_lookup
    AND n.team_a = COALESCE(e.home_team_tricode, p.team_tricode, '')
    AND n.team_b = COALESCE(e.away_team_tricode, p.team_tricode, '')
  WHERE p.game_date BETWEEN @start_date AND @end_date AND n.game_date BETWEEN @start_date AND @end_date
),
odds_books AS (
  SELECT
    o.game_date,
    o.player_id,
    o.bookmaker,
    ARRAY_AGG(o.points_line ORDER BY o.last_update DESC LIMIT 1)[OFFSET(0)] AS last_line,
    ARRAY_AGG(o.points_line ORDER BY o.last_update LIMIT 1)[OFFSET(0)] AS first_line
  FROM odds_named AS o
  JOIN targets AS t ON o.game_date = t.game_date AND o.player_id = t.player_id
  WHERE o.game_date BETWEEN @start_date AND @end_date
    AND o.points_line IS NOT NULL
    AND (o.market_key IS NULL OR o.market_key = 'player_points')
    AND o.last_update < COALESCE(t.tipoff, o.commence_time, TIMESTAMP '9999-12-31 00:00:00+00')
  GROUP BY o.game_date, o.player_id, o.bookmaker
),
bp_books AS (
  SELECT
    p.game_date,
    p.player_id,
    p.book_id,
    ARRAY_AGG(p.points_line ORDER BY p.updated_at DESC LIMIT 1)[OFFSET(0)] AS last_line,
    ARRAY_AGG(p.points_line ORDER BY p.updated_at LIMIT 1)[OFFSET(0)] AS first_line
  FROM bp_named AS p
  JOIN targets AS t ON p.game_date = t.game_date AND p.player_id = t.player_id
  WHERE p.game_date BETWEEN @start_date AND @end_date
    AND p.points_line IS NOT NULL
    AND p.updated_at < COALESCE(t.tipoff, TIMESTAMP '9999-12-31 00:00:00+00')
  GROUP BY p.game_date, p.player_id, p.book_id
),
books AS (
  SELECT game_date, player_id, 'odds_api' AS line_source, last_line, first_line FROM odds_books
  UNION ALL
  SELECT b.game_date, b.player_id, 'bettingpros' AS line_source, b.last_line, b.first_line
  FROM bp_books AS b
  LEFT JOIN (SELECT DISTINCT game_date, player_id FROM odds_books) AS o
    ON b.game_date = o.game_date AND b.player_id = o.player_id
  WHERE o.player_id IS NULL
),
lines AS (
  SELECT DISTINCT
    game_date,
    player_id,
    line_source,
    PERCENTILE_DISC(last_line, 0.5) OVER (PARTITION BY game_date, player_id) AS current_line,
    PERCENTILE_DISC(first_line, 0.5) OVER (PARTITION BY game_date, player_id) AS opening_line
  FROM books
)
