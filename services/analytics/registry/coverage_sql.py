"""Coverage's SQL: who each book's spelling is (through the registry), then players, not spellings, per game date.

A spelling the name pass resolved is its player. A queued one (no player in resolved_names) is still known when
another spelling of that date with the same normalised name resolved, or when the registry answers to it (exactly
one player's normalised name or a person's alias): a queued spelling of a player whose line reached the product is
"spelling queued", never a missing player. A spelling nobody knows is a player of its own, one per normalised name.
"""

from services.analytics.registry.sql import PROP_NAMES_SQL

# Every (game_date, source, raw_name, who, queued, reached) of the range: `who` is the player, or '?' + the name.
PER_NAME_SQL = f"""
WITH named AS (
  SELECT p.source, p.game_date, p.name_lookup, p.raw_name, n.player_id
  FROM ({PROP_NAMES_SQL}) AS p
  LEFT JOIN nba_reference.resolved_names AS n
    ON n.source = p.source AND n.game_date = p.game_date AND n.team_a = p.team_a AND n.team_b = p.team_b
    AND n.name_lookup = p.name_lookup AND n.game_date BETWEEN @start_date AND @end_date
),
same_name AS (
  SELECT game_date, name_lookup, ANY_VALUE(player_id) AS player_id
  FROM named WHERE player_id IS NOT NULL AND name_lookup != ''
  GROUP BY game_date, name_lookup HAVING COUNT(DISTINCT player_id) = 1
),
registry AS (
  SELECT lookup, ANY_VALUE(player_id) AS player_id FROM (
    SELECT player_lookup AS lookup, player_id FROM nba_reference.players
    UNION ALL
    SELECT alias_lookup AS lookup, player_id FROM nba_reference.player_aliases WHERE player_id IS NOT NULL
  ) AS known
  WHERE lookup != '' GROUP BY lookup HAVING COUNT(DISTINCT player_id) = 1
),
known AS (
  SELECT m.game_date, m.source, m.raw_name, m.name_lookup, m.player_id IS NULL AS queued,
    COALESCE(m.player_id, s.player_id, g.player_id) AS player_id
  FROM named AS m
  LEFT JOIN same_name AS s ON s.game_date = m.game_date AND s.name_lookup = m.name_lookup
  LEFT JOIN registry AS g ON g.lookup = m.name_lookup
),
reached AS (
  SELECT DISTINCT game_date, player_id FROM nba_analytics.upcoming_player_game_context
  WHERE game_date BETWEEN @start_date AND @end_date AND has_prop_line
)
SELECT
  k.game_date, k.source, k.raw_name, COALESCE(k.player_id, CONCAT('?', k.name_lookup)) AS who, k.queued,
  r.player_id IS NOT NULL AS reached
FROM known AS k
LEFT JOIN reached AS r ON r.game_date = k.game_date AND r.player_id = k.player_id
"""


def per_date_sql(per_name: str) -> str:
    """Per date: players with a line, players reached, each missing player named once (and how many of them wait
    only in the queue), and the queued spellings of players who reached. Folded in the warehouse: a season is tens
    of thousands of names, a few hundred dates."""
    return f"""
WITH names AS ({per_name}),
people AS (
  SELECT game_date, who, LOGICAL_OR(reached) AS reached, LOGICAL_AND(queued) AS all_queued,
    MIN(CONCAT(raw_name, ' (', source, ')')) AS label
  FROM names GROUP BY game_date, who
),
per_day AS (
  SELECT game_date, COUNT(*) AS players_with_line, COUNTIF(reached) AS players_reached,
    COUNTIF(NOT reached AND all_queued) AS players_queued,
    ARRAY_AGG(IF(reached, NULL, label) IGNORE NULLS ORDER BY label) AS missing
  FROM people GROUP BY game_date
),
spellings AS (
  SELECT n.game_date, ARRAY_AGG(CONCAT(n.raw_name, ' (', n.source, ')') ORDER BY n.raw_name, n.source)
    AS spellings_queued
  FROM names AS n JOIN people AS p ON p.game_date = n.game_date AND p.who = n.who
  WHERE n.queued AND p.reached GROUP BY n.game_date
)
SELECT d.game_date, d.players_with_line, d.players_reached, d.players_queued, d.missing, s.spellings_queued
FROM per_day AS d LEFT JOIN spellings AS s ON s.game_date = d.game_date
"""
