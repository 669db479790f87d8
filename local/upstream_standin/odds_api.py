"""The Odds API v4: NBA events and per-event player_points odds, its error bodies, auth and credit headers."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from local.upstream_standin.model import BOOKS, Game
from local.upstream_standin.replies import Context, Reply, Request, Route, iso_z, json_reply
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import spell
from local.upstream_standin.state import parse_instant

SPORT = "basketball_nba"
LISTED_DAYS_AHEAD = 7  # events appear a week before tip-off
KNOWN_MARKETS = {
    "h2h",
    "spreads",
    "totals",
    "player_points",
    "player_rebounds",
    "player_assists",
    "player_threes",
    "player_points_rebounds_assists",
    "player_double_double",
    "player_frees_made",
}
_DOCS = "https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html#"
_ids: dict[int, dict[str, str]] = {}


def error(status: int, code: str, message: str) -> Reply:
    """The Odds API error body: {message, error_code, details_url}."""
    anchor = code.lower().replace("_", "-")
    return json_reply({"message": message, "error_code": code, "details_url": _DOCS + anchor}, status)


def event_id(season: Season, game: Game) -> str:
    return hashlib.md5(f"oddsapi:{season.seed}:{game.game_id}".encode()).hexdigest()


def _game_for(season: Season, wanted: str) -> Game | None:
    if id(season) not in _ids:
        _ids[id(season)] = {event_id(season, g): g.game_id for g in season.games}
    game_id = _ids[id(season)].get(wanted)
    return season.game(game_id) if game_id else None


def _listed(game: Game, now: datetime) -> bool:
    return game.final_at > now and game.tipoff_utc <= now + timedelta(days=LISTED_DAYS_AHEAD)


def _event(season: Season, game: Game, unix: bool) -> dict[str, Any]:
    return {
        "id": event_id(season, game),
        "sport_key": SPORT,
        "sport_title": "NBA",
        "commence_time": int(game.tipoff_utc.timestamp()) if unix else iso_z(game.tipoff_utc),
        "home_team": season.team(game.home).full_name,
        "away_team": season.team(game.away).full_name,
    }


def guard(request: Request) -> Reply | None:
    """Auth (apiKey query parameter) and the sport in the path; the server asks before the quota and handler."""
    if not request.arg("apiKey"):
        return error(401, "MISSING_KEY", "API key is missing. Pass it as the apiKey query parameter.")
    if request.params.get("sport") != SPORT:
        return error(404, "UNKNOWN_SPORT", "Unknown sport")
    return None


def events(request: Request, ctx: Context) -> Reply:
    bounds = []
    for name in ("commenceTimeFrom", "commenceTimeTo"):
        value = request.arg(name)
        try:
            bounds.append(parse_instant(value, name) if value else None)
        except ValueError:
            code = "INVALID_COMMENCE_TIME_FROM" if name.endswith("From") else "INVALID_COMMENCE_TIME_TO"
            return error(422, code, f"Invalid {name}: {value}. Expected ISO 8601 format, e.g. 2026-11-28T00:00:00Z")
    wanted_ids = {i for v in request.args("eventIds") for i in v.split(",") if i}
    unix = request.arg("dateFormat") == "unix"
    listed = [
        _event(ctx.season, g, unix)
        for g in ctx.season.games
        if _listed(g, ctx.now)
        and (bounds[0] is None or g.tipoff_utc >= bounds[0])
        and (bounds[1] is None or g.tipoff_utc <= bounds[1])
        and (not wanted_ids or event_id(ctx.season, g) in wanted_ids)
    ]
    return json_reply(listed)


def _decimal(american: int) -> float:
    return round(1 + (american / 100 if american > 0 else 100 / -american), 2)


def event_odds(request: Request, ctx: Context) -> Reply:
    markets = [m for v in request.args("markets") for m in v.split(",") if m] or ["h2h"]
    unknown = [m for m in markets if m not in KNOWN_MARKETS]
    if unknown:
        return error(422, "INVALID_MARKET", f"Invalid markets: {','.join(unknown)}")
    regions = [r for v in request.args("regions") for r in v.split(",") if r]
    wanted_books = {b for v in request.args("bookmakers") for b in v.split(",") if b}
    if not regions and not wanted_books:
        return error(422, "MISSING_REGION", "Missing regions. Specify regions or bookmakers.")
    odds_format = request.arg("oddsFormat", "decimal")
    if odds_format not in ("decimal", "american"):
        return error(422, "INVALID_ODDS_FORMAT", f"Invalid oddsFormat: {odds_format}")
    game = _game_for(ctx.season, request.params["event"])
    if game is None or not _listed(game, ctx.now):
        return error(404, "EVENT_NOT_FOUND", "Event not found. The event may have expired or the id is invalid.")
    body = _event(ctx.season, game, request.arg("dateFormat") == "unix")
    body["bookmakers"] = []
    if "player_points" in markets and ctx.now < game.tipoff_utc and not ctx.state.held_back("odds_api", ctx.now):
        body["bookmakers"] = _bookmakers(ctx, game, wanted_books, odds_format == "american")
    cost = (1 if body["bookmakers"] else 0) * max(1, len(regions))
    return json_reply(body, cost=cost)


def _bookmakers(ctx: Context, game: Game, wanted: set[str], american: bool) -> list[dict[str, Any]]:
    books = []
    lines = ctx.season.prop_lines(game.game_id)
    for book in BOOKS:
        if wanted and book.key not in wanted:
            continue
        outcomes, updated = [], []
        for prop in (p for p in lines if p.book == book.key):
            current = prop.at(ctx.now)
            if current is None:
                continue
            name = spell(ctx.season.player(prop.player_id), "odds_api")
            updated.append(current.at)
            for side, price in (("Over", current.over_price), ("Under", current.under_price)):
                shown = price if american else _decimal(price)
                outcomes.append({"name": side, "description": name, "price": shown, "point": current.line})
        if outcomes:
            market = {"key": "player_points", "last_update": iso_z(max(updated)), "outcomes": outcomes}
            books.append({"key": book.key, "title": book.title, "markets": [market]})
    return books


ROUTES = [
    Route("odds_api", r"/v4/sports/(?P<sport>[^/]+)/events", events),
    Route("odds_api", r"/v4/sports/(?P<sport>[^/]+)/events/(?P<event>[^/]+)/odds", event_odds, billable=True),
]
