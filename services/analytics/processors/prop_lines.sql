-- Points lines per (game_date, player_lookup) of the CTE `targets` (game_date, player_lookup, tipoff).
-- Each book's first and last snapshot before tip-off; across books the median line (PERCENTILE_DISC:
-- the lower middle for an even count, so always a line some book offered). Odds API first, else BettingPros.
odds_books AS (
  SELECT
    o.game_date,
    o.player_lookup,
    o.bookmaker,
    ARRAY_AGG(o.points_line ORDER BY o.last_update DESC LIMIT 1)[OFFSET(0)] AS last_line,
    ARRAY_AGG(o.points_line ORDER BY o.last_update LIMIT 1)[OFFSET(0)] AS first_line
  FROM nba_raw.oddsa_player_props AS o
  JOIN targets AS t ON o.game_date = t.game_date AND o.player_lookup = t.player_lookup
  WHERE o.game_date BETWEEN @start_date AND @end_date
    AND o.points_line IS NOT NULL
    AND (o.market_key IS NULL OR o.market_key = 'player_points')
    AND o.last_update < COALESCE(t.tipoff, o.commence_time, TIMESTAMP '9999-12-31 00:00:00+00')
  GROUP BY o.game_date, o.player_lookup, o.bookmaker
),
bp_books AS (
  SELECT
    p.game_date,
    p.player_lookup,
    p.book_id,
    ARRAY_AGG(p.points_line ORDER BY p.updated_at DESC LIMIT 1)[OFFSET(0)] AS last_line,
    ARRAY_AGG(p.points_line ORDER BY p.updated_at LIMIT 1)[OFFSET(0)] AS first_line
  FROM nba_raw.bp_player_props AS p
  JOIN targets AS t ON p.game_date = t.game_date AND p.player_lookup = t.player_lookup
  WHERE p.game_date BETWEEN @start_date AND @end_date
    AND p.points_line IS NOT NULL
    AND p.updated_at < COALESCE(t.tipoff, TIMESTAMP '9999-12-31 00:00:00+00')
  GROUP BY p.game_date, p.player_lookup, p.book_id
),
books AS (
  SELECT game_date, player_lookup, 'odds_api' AS line_source, last_line, first_line FROM odds_books
  UNION ALL
  SELECT b.game_date, b.player_lookup, 'bettingpros' AS line_source, b.last_line, b.first_line
  FROM bp_books AS b
  LEFT JOIN (SELECT DISTINCT game_date, player_lookup FROM odds_books) AS o
    ON b.game_date = o.game_date AND b.player_lookup = o.player_lookup
  WHERE o.player_lookup IS NULL
),
lines AS (
  SELECT DISTINCT
    game_date,
    player_lookup,
    line_source,
    PERCENTILE_DISC(last_line, 0.5) OVER (PARTITION BY game_date, player_lookup) AS current_line,
    PERCENTILE_DISC(first_line, 0.5) OVER (PARTITION BY game_date, player_lookup) AS opening_line
  FROM books
)
