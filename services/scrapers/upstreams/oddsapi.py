"""The Odds API v4: NBA events of a date, and player_points lines per event (american odds)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from services.scrapers.scrape import convert
from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.params import DateParams, OptionalDateParams
from services.scrapers.scrape.sources import ODDS_API
from shared import teams
from shared.eastern import game_date
from shared.names import player_lookup


class EventParams(OptionalDateParams):
    event_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="Odds API event id")


class OddsaEvents(Scraper):
    name = "oddsa_events"
    description = "NBA events tipping off on `date` (US/Eastern); data_summary.event_ids feeds oddsa_player_props."
    source = ODDS_API
    endpoint = "events"
    path = "/v4/sports/basketball_nba/events"
    query = {"dateFormat": "iso", "commenceTimeFrom": "{day_start_utc}", "commenceTimeTo": "{day_end_utc}"}
    params = DateParams
    table = "nba_raw.oddsa_events"
    payload_type = list
    summary = {"event_ids": "event_id"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for event in payload:
            starts = convert.utc(event["commence_time"])
            if game_date(starts) != ctx.params.date:
                continue  # commenceTimeTo is inclusive; keep only this Eastern day's games
            rows.append(
                {
                    "event_id": event["id"],
                    "game_date": game_date(starts),
                    "commence_time": starts,
                    "home_team": event["home_team"],
                    "away_team": event["away_team"],
                    "home_team_tricode": teams.tricode_from_name(event["home_team"]),
                    "away_team_tricode": teams.tricode_from_name(event["away_team"]),
                }
            )
        return rows


class OddsaPlayerProps(Scraper):
    name = "oddsa_player_props"
    description = "player_points over/under lines of one event from every US book (american odds)."
    source = ODDS_API
    endpoint = "event-odds"
    path = "/v4/sports/basketball_nba/events/{event_id}/odds"
    query = {"regions": "us", "markets": "player_points", "oddsFormat": "american", "dateFormat": "iso"}
    params = EventParams
    table = "nba_raw.oddsa_player_props"
    records_key = "bookmakers"
    summary = {"bookmakers": "bookmaker", "players": "player_lookup"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        starts = convert.utc(payload["commence_time"])
        event = {
            "event_id": payload["id"],
            "game_date": game_date(starts),
            "commence_time": starts,
            "home_team_tricode": teams.tricode_from_name(payload.get("home_team")),
            "away_team_tricode": teams.tricode_from_name(payload.get("away_team")),
        }
        rows = []
        for book in payload["bookmakers"]:
            for market in book["markets"]:
                if market["key"] != "player_points":
                    continue
                updated = market.get("last_update") or book.get("last_update")
                for name, sides in _by_player(market["outcomes"]).items():
                    over, under = sides.get("over", {}), sides.get("under", {})
                    rows.append(
                        {
                            **event,
                            "bookmaker": book["key"],
                            "market_key": market["key"],
                            "player_name": name,
                            "player_lookup": player_lookup(name),
                            "points_line": over.get("point", under.get("point")),
                            "over_price": convert.american(over.get("price")),
                            "under_price": convert.american(under.get("price")),
                            "last_update": convert.utc(updated) if updated else ctx.processed_at,
                        }
                    )
        return rows


def _by_player(outcomes: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Over and Under outcomes grouped by the player named in `description`."""
    players: dict[str, dict[str, dict[str, Any]]] = {}
    for outcome in outcomes:
        players.setdefault(outcome["description"], {})[outcome["name"].lower()] = outcome
    return players
