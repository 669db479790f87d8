"""NBA.com: the CDN schedule file and official.nba.com referee assignments (published 9 AM ET on game day)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from local.upstream_standin import nbacom_schedule
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply, parse_day
from shared.eastern import ET

PUBLISHED_AT_ET = time(9, 0)
_GAME_COLUMNS = [
    ("game_id", "String"),
    ("game_date", "String"),
    ("season", "String"),
    ("game_code", "String"),
    ("home_team_id", "Int32"),
    ("home_team", "String"),
    ("home_team_abbr", "String"),
    ("away_team_id", "Int32"),
    ("away_team", "String"),
    ("away_team_abbr", "String"),
]
_GAME_COLUMNS += [
    (f"official{n}{suffix}", kind)
    for n in range(1, 5)
    for suffix, kind in (("", "String"), ("_code", "Int32"), ("_JNum", "String"))
]
_REPLAY_COLUMNS = [("game_date", "String"), ("official_code", "Int32"), ("replaycenter_official", "String")]


def schedule(request: Request, ctx: Context) -> Reply:
    return Reply(200, nbacom_schedule.body(ctx.season, ctx.now))


def _columns(spec: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"Name": name, "DataType": kind} for name, kind in spec]


def _league(games: list[dict[str, Any]], replay: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "Table": {"rows": games, "columns": _columns(_GAME_COLUMNS)},
        "Table1": {"rows": replay, "columns": _columns(_REPLAY_COLUMNS)},
    }


def officials(request: Request, ctx: Context) -> Reply:
    day = parse_day(request.arg("date"))
    if day is None:
        given = request.arg("date")
        message = "Missing parameter(s): date" if not given else f"Invalid parameter(s): date ({given!r})"
        return json_reply({"code": "rest_invalid_param", "message": message, "data": {"status": 400}}, 400)
    games_rows: list[dict[str, Any]] = []
    replay_rows: list[dict[str, Any]] = []
    season = ctx.season
    if ctx.now >= datetime.combine(day, PUBLISHED_AT_ET, ET):
        for game in season.games_on(day):
            home, away = season.team(game.home), season.team(game.away)
            row: dict[str, Any] = {
                "game_id": game.game_id,
                "game_date": f"{day:%m/%d/%Y}",
                "season": f"2{season.start_year}",
                "game_code": game.game_code,
                "home_team_id": home.team_id,
                "home_team": home.city,
                "home_team_abbr": home.tricode,
                "away_team_id": away.team_id,
                "away_team": away.city,
                "away_team_abbr": away.tricode,
            }
            crew = list(season.referees[game.game_id]) + [None]
            for n, official in enumerate(crew, start=1):
                row[f"official{n}"] = official.name if official else None
                row[f"official{n}_code"] = official.code if official else None
                row[f"official{n}_JNum"] = official.jersey if official else None
            games_rows.append(row)
        replay_rows = [
            {"game_date": f"{day:%m/%d/%Y}", "official_code": o.code, "replaycenter_official": o.name}
            for o in season.replay_officials.get(day, ())
        ]
    return json_reply({"nba": _league(games_rows, replay_rows), "gl": _league([], []), "wnba": _league([], [])})


ROUTES = [
    Route("nbacom", r"/static/json/staticData/scheduleLeagueV2(_1)?\.json", schedule),
    Route("nbacom", r"/wp-json/api/v1/get-game-officials", officials),
]
