"""Final games of the last N days whose box scores are missing or incomplete, every source in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.freshness.config import MissingGamesSpec
from services.freshness.probes import SCHEDULE
from services.freshness.schema_check import source_problems
from shared.errors import ConfigError
from shared.warehouse import Warehouse

FINAL = 3


@dataclass(frozen=True)
class MissingGame:
    """A final game a source table lacks (no rows) or has too few players for."""

    game_id: str
    game_date: date
    home: str
    away: str
    source_table: str
    players_found: int
    min_players: int

    @property
    def issue(self) -> str:
        """`missing` (no box-score rows) or `incomplete` (fewer players than the minimum)."""
        return "missing" if self.players_found == 0 else "incomplete"

    def to_json(self) -> dict:
        """The game as the response lists it."""
        return {
            "game_id": self.game_id,
            "game_date": self.game_date.isoformat(),
            "matchup": f"{self.away}@{self.home}",
            "source_table": self.source_table,
            "players_found": self.players_found,
            "min_players": self.min_players,
            "issue": self.issue,
        }


def window(today: date, lookback_days: int) -> tuple[date, date]:
    """The ET dates checked: the last `lookback_days` days, today excluded."""
    return today - timedelta(days=lookback_days), today - timedelta(days=1)


def missing_games_sql(spec: MissingGamesSpec) -> str:
    """One query: finals in the window LEFT JOIN each source's players per game, under the minimum."""
    ctes = [
        "finals AS (SELECT game_id, game_date, home_team_tricode AS home, away_team_tricode AS away "
        f"FROM `{SCHEDULE}` WHERE game_status = {FINAL} AND game_date BETWEEN @since AND @until)"
    ]
    selects = []
    for i, s in enumerate(spec.sources):
        ctes.append(
            f"src{i} AS (SELECT `{s.date_column}` AS game_date, `{s.home_column}` AS home, `{s.away_column}` AS away, "
            f"COUNT(DISTINCT `{s.player_column}`) AS players FROM `{s.table}` "
            f"WHERE `{s.date_column}` BETWEEN @since AND @until GROUP BY 1, 2, 3)"
        )
        selects.append(
            f"SELECT '{s.table}' AS source_table, {s.min_players} AS min_players, f.game_id, f.game_date, f.home, "
            f"f.away, COALESCE(s.players, 0) AS players_found FROM finals f LEFT JOIN src{i} s "
            "ON s.game_date = f.game_date AND s.home = f.home AND s.away = f.away "
            f"WHERE COALESCE(s.players, 0) < {s.min_players}"
        )
    return f"WITH {', '.join(ctes)}\n" + "\nUNION ALL\n".join(selects) + "\nORDER BY game_date, game_id, source_table"


def find_missing_games(
    warehouse: Warehouse, spec: MissingGamesSpec, *, today: date, lookback_days: int
) -> list[MissingGame]:
    """Missing or incomplete games per source over the window; WarehouseError when the query fails."""
    problems = [p for s in spec.sources for p in source_problems(s)]
    if problems:
        raise ConfigError("missing_games: " + "; ".join(problems), field="missing_games.sources")
    since, until = window(today, lookback_days)
    rows = warehouse.query(missing_games_sql(spec), since=since, until=until)
    return [
        MissingGame(
            game_id=r["game_id"],
            game_date=r["game_date"],
            home=r["home"] or "",
            away=r["away"] or "",
            source_table=r["source_table"],
            players_found=int(r["players_found"]),
            min_players=int(r["min_players"]),
        )
        for r in rows
    ]
