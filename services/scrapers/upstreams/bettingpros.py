"""BettingPros v3: NBA events of a date, and the points offers (market 156) of one event by book."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from services.scrapers.scrape import convert
from services.scrapers.scrape.base import ScrapeContext, Scraper
from services.scrapers.scrape.paginate import NumberedPages
from services.scrapers.scrape.params import DateParams
from services.scrapers.scrape.sources import BETTINGPROS
from shared import teams
from shared.eastern import game_date
from shared.http.json_input import json_number
from shared.names import player_lookup

POINTS_MARKET = 156


def _id_spelling(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(_DIGITS, value, re.ASCII):
        raise ValueError("expected a positive integer, or its digits as a string")
    return value if isinstance(value, str) else json_number(value)


_DIGITS = "[1-9][0-9]{0,17}"  # what the events table holds; fits BettingPros' 64-bit ids
_AS_TEXT = {"type": "string", "pattern": f"^{_DIGITS}$"}
# The executor sends the id as the events table stores it (text); callers may send a JSON number.
EventId = Annotated[
    int,
    Field(gt=0),
    BeforeValidator(_id_spelling),
    WithJsonSchema({"anyOf": [{"type": "integer", "exclusiveMinimum": 0}, _AS_TEXT]}),
]


class OfferParams(DateParams):
    event_id: EventId = Field(description="BettingPros event id")


class BpEvents(Scraper):
    name = "bp_events"
    description = "BettingPros NBA events of `date`; data_summary.event_ids feeds bp_player_props."
    source = BETTINGPROS
    endpoint = "events"
    path = "/v3/events"
    query = {"sport": "NBA", "date": "{date}"}
    params = DateParams
    table = "nba_raw.bp_events"
    records_key = "events"
    summary = {"event_ids": "event_id"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for event in payload["events"]:
            starts = convert.utc(event["scheduled"]) if event.get("scheduled") else None
            rows.append(
                {
                    "event_id": event["id"],
                    "game_date": game_date(starts) if starts else ctx.params.date,
                    "scheduled": starts,
                    "home_team_tricode": _code(event.get("home")),
                    "away_team_tricode": _code(event.get("visitor")),
                    "status": event.get("status"),
                }
            )
        return rows


class BpPlayerProps(Scraper):
    name = "bp_player_props"
    description = "Points lines (market 156) of one BettingPros event, one row per player and book."
    source = BETTINGPROS
    endpoint = "offers"
    path = "/v3/offers"
    query = {"sport": "NBA", "market_id": POINTS_MARKET, "event_id": "{event_id}", "book_id": "null"}
    params = OfferParams
    paginator = NumberedPages(limit=10)
    table = "nba_raw.bp_player_props"
    records_key = "offers"
    summary = {"book_ids": "book_id", "players": "player_lookup"}

    def transform(self, payload: Any, ctx: ScrapeContext) -> list[dict[str, Any]]:
        rows = []
        for offer in payload["offers"]:
            if offer.get("market_id", POINTS_MARKET) != POINTS_MARKET:
                continue
            participant = offer["participants"][0]
            sides = {s["selection"].lower(): s for s in offer["selections"]}
            over, under = sides.get("over", {}), sides.get("under", {})
            overs, unders = _lines(over), _lines(under)
            for book_id in sorted(overs.keys() | unders.keys()):
                o, u = overs.get(book_id, {}), unders.get(book_id, {})
                stamps = [convert.utc(x["updated"]) for x in (o, u) if x.get("updated")]
                rows.append(
                    {
                        "event_id": offer["event_id"],
                        "game_date": ctx.params.date,
                        "offer_id": offer.get("id"),
                        "player_name": participant["name"],
                        "player_lookup": player_lookup(participant["name"]),
                        "team_tricode": _code((participant.get("player") or {}).get("team")),
                        "book_id": book_id,
                        "points_line": o.get("line", u.get("line")),
                        "over_odds": convert.american(o.get("cost")),
                        "under_odds": convert.american(u.get("cost")),
                        "opening_line": (over.get("opening_line") or {}).get("line"),
                        "updated_at": max(stamps) if stamps else ctx.processed_at,
                    }
                )
        return rows


def _lines(selection: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Per book id, its current line: the first active one, else the first listed."""
    chosen = {}
    for book in selection.get("books", []):
        lines = book.get("lines") or []
        active = [line for line in lines if line.get("active", True)]
        if lines:
            chosen[book["id"]] = (active or lines)[0]
    return chosen


def _code(abbreviation: str | None) -> str | None:
    return teams.tricode(abbreviation) or abbreviation
