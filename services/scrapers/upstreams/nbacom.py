"""NBA.com: the season schedule (scheduleLeagueV2) and the referee assignments of a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.scrapers.scrape import convert
from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.params import DateParams, OptionalDateParams
from services.scrapers.scrape.sources import NBACOM_CDN, NBACOM_OFFICIAL
from shared import teams


class NbacSchedule(Scraper):
    name = "nbac_schedule"
    description = "The whole season's schedule and scores (one file); data_summary lists the games of `date`."
    source = NBACOM_CDN
    endpoint = "schedule"
    path = "/static/json/staticData/scheduleLeagueV2.json"
    params = OptionalDateParams
    table = "nba_raw.nbac_schedule"

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        schedule = payload["leagueSchedule"]
        rows = []
        for game_date in schedule["gameDates"]:
            for game in game_date["games"]:
                home, away = game["homeTeam"], game["awayTeam"]
                scheduled = game.get("gameStatus") == 1
                starts = game.get("gameDateTimeUTC")
                rows.append(
                    {
                        "game_id": game["gameId"],
                        "game_date": _game_date(game, game_date["gameDate"]),
                        "game_code": game.get("gameCode"),
                        "season": schedule.get("seasonYear"),
                        "game_status": game.get("gameStatus"),
                        "game_status_text": (game.get("gameStatusText") or "").strip() or None,
                        "game_datetime_utc": convert.utc(starts) if starts else None,
                        "home_team_id": home.get("teamId"),
                        "home_team_tricode": home.get("teamTricode"),
                        "away_team_id": away.get("teamId"),
                        "away_team_tricode": away.get("teamTricode"),
                        # A scheduled game's score is 0 in the feed, which is not a score.
                        "home_score": None if scheduled else home.get("score"),
                        "away_score": None if scheduled else away.get("score"),
                    }
                )
        return rows

    def data_summary(self, rows: list[dict[str, Any]], params: Any) -> dict[str, Any]:
        games = [r for r in rows if r["game_date"] == params.date]
        return {
            "season": rows[0]["season"] if rows else None,
            "date": params.date.isoformat(),
            "games_on_date": [
                {
                    "game_id": r["game_id"],
                    "home_team_tricode": r["home_team_tricode"],
                    "away_team_tricode": r["away_team_tricode"],
                    "game_status": r["game_status"],
                }
                for r in sorted(games, key=lambda r: r["game_id"])
            ],
            "teams_on_date": sorted({t for r in games for t in (r["home_team_tricode"], r["away_team_tricode"])}),
        }


def _game_date(game: dict[str, Any], listed: str) -> date:
    """gameDateEst is already the US/Eastern date ('2024-10-23T00:00:00Z'); else the list's MM/DD/YYYY."""
    est = game.get("gameDateEst")
    return date.fromisoformat(est[:10]) if est else convert.us_date(listed)


class NbacRefereeAssignments(Scraper):
    name = "nbac_referee_assignments"
    description = "Officials assigned to each NBA game of `date` (official.nba.com)."
    source = NBACOM_OFFICIAL
    endpoint = "referee-assignments"
    path = "/wp-json/api/v1/get-game-officials"
    query = {"date": "{date}"}
    params = DateParams
    table = "nba_raw.nbac_referee_assignments"
    summary = {"game_ids": "game_id"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for game in payload["nba"]["Table"]["rows"]:
            for position in range(1, 5):
                name = game.get(f"official{position}")
                if not name:
                    continue
                rows.append(
                    {
                        "game_date": convert.us_date(game["game_date"]) if game.get("game_date") else ctx.params.date,
                        "game_id": game["game_id"],
                        "position": position,
                        "official_code": game.get(f"official{position}_code"),
                        "official_name": name,
                        "jersey_num": game.get(f"official{position}_JNum"),
                        "home_team_tricode": _code(game.get("home_team_abbr")),
                        "away_team_tricode": _code(game.get("away_team_abbr")),
                    }
                )
        return rows


def _code(abbreviation: str | None) -> str | None:
    return teams.tricode(abbreviation) or abbreviation
