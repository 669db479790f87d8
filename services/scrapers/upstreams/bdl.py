"""Ball Don't Lie: current injuries (cursor-paged) and the box scores of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.scrapers.scrape import convert
from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.paginate import CursorPages
from services.scrapers.scrape.params import DateParams, OptionalDateParams
from services.scrapers.scrape.sources import BDL
from shared import teams
from shared.names import player_lookup

_STATS = ("pts", "fgm", "fga", "fg3m", "fg3a", "ftm", "fta", "reb", "ast", "stl", "blk", "turnover")


def _name(player: dict[str, Any]) -> str:
    return f"{player['first_name']} {player['last_name']}".strip()


class BdlInjuries(Scraper):
    name = "bdl_injuries"
    description = "Every current injury (all cursor pages); report_date = `date` (default today, US/Eastern)."
    source = BDL
    endpoint = "player-injuries"
    path = "/v1/player_injuries"
    params = OptionalDateParams
    paginator = CursorPages(per_page=100)
    table = "nba_raw.bdl_injuries"
    records_key = "data"

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for injury in payload["data"]:
            player = injury["player"]
            rows.append(
                {
                    "report_date": ctx.params.date,
                    "bdl_player_id": player["id"],
                    "player_name": _name(player),
                    "player_lookup": player_lookup(_name(player)),
                    "bdl_team_id": player.get("team_id"),
                    "team_tricode": teams.tricode_from_bdl_id(player.get("team_id")),
                    "status": injury.get("status"),
                    "return_date": injury.get("return_date"),
                    "description": injury.get("description"),
                }
            )
        return rows

    def data_summary(self, rows: list[dict[str, Any]], params: Any) -> dict[str, Any]:
        return {"players": len({r["bdl_player_id"] for r in rows})}


class BdlBoxScores(Scraper):
    name = "bdl_box_scores"
    description = "Player box scores of every game on `date` (games carry no id: keyed by date, team, player)."
    source = BDL
    endpoint = "box-scores"
    path = "/v1/box_scores"
    query = {"date": "{date}"}
    params = DateParams
    table = "nba_raw.bdl_box_scores"
    records_key = "data"
    summary = {"teams": "team_tricode"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for game in payload["data"]:
            home, away = game["home_team"], game["visitor_team"]
            home_code, away_code = _code(home), _code(away)
            for team, code, opponent in ((home, home_code, away_code), (away, away_code, home_code)):
                for line in team.get("players") or []:
                    player = line["player"]
                    rows.append(
                        {
                            "game_date": date.fromisoformat(game["date"][:10]),
                            "team_tricode": code,
                            "opponent_tricode": opponent,
                            "home_team_tricode": home_code,
                            "away_team_tricode": away_code,
                            "bdl_player_id": player["id"],
                            "player_name": _name(player),
                            "player_lookup": player_lookup(_name(player)),
                            "minutes": convert.minutes(line.get("min")),
                            **{stat: line.get(stat) for stat in _STATS},
                        }
                    )
        return rows


def _code(team: dict[str, Any]) -> str | None:
    """BDL abbreviation → NBA tricode (else BDL's team id, else the abbreviation as sent)."""
    return teams.tricode(team.get("abbreviation")) or teams.tricode_from_bdl_id(team.get("id")) or team["abbreviation"]
