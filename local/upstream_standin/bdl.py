"""Ball Don't Lie: /v1/player_injuries (cursor pages) and /v1/box_scores?date= (final games, no meta)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from local.upstream_standin.league import Team
from local.upstream_standin.model import BoxLine, InjurySpell, Player
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply, parse_day
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import name_parts
from shared.eastern import ET

CURSOR_BASE = 4_082_000  # cursors are opaque integers, not record ids
DEFAULT_PER_PAGE, MAX_PER_PAGE = 25, 100


def error(status: int, message: str) -> Reply:
    return json_reply({"error": message}, status)


def guard(request: Request) -> Reply | None:
    """`Authorization: <key>` is required."""
    return None if (request.header("Authorization") or "").strip() else error(401, "Unauthorized")


def _height(inches: int) -> str:
    return f"{inches // 12}-{inches % 12}"


def player_json(player: Player, team_id: int | None = None) -> dict[str, Any]:
    first, last = name_parts(player, "bdl")
    body: dict[str, Any] = {
        "id": player.bdl_id,
        "first_name": first,
        "last_name": last,
        "position": player.position,
        "height": _height(player.height_in),
        "weight": str(player.weight),
        "jersey_number": player.jersey,
        "college": player.college or player.country,
        "country": player.country,
        "draft_year": player.draft_year,
        "draft_round": player.draft_round,
        "draft_number": player.draft_number,
    }
    if team_id is not None:
        body["team_id"] = team_id
    return body


def _int_arg(request: Request, name: str, default: int) -> int | None:
    value = request.arg(name)
    if value is None:
        return default
    return int(value) if value.isdigit() else None


def _injury(season: Season, spell: InjurySpell) -> dict[str, Any]:
    player = season.player(spell.player_id)
    reported = spell.reported_at.astimezone(ET)
    _first, last = name_parts(player, "bdl")
    upcoming = (g for d in range(6) for g in season.games_on(spell.start + timedelta(days=d)))
    opponent = next((g for g in upcoming if spell.team in (g.home, g.away)), None)
    against = ""
    if opponent is not None:
        other = opponent.away if opponent.home == spell.team else opponent.home
        against = f" against the {season.team(other).nickname}"
    verb = "is listed as out" if spell.status == "Out" else "is considered day-to-day"
    return {
        "player": player_json(player, season.team(spell.team).bdl_id),
        "return_date": f"{spell.end + timedelta(days=1):%b} {(spell.end + timedelta(days=1)).day}",
        "description": f"{reported:%b} {reported.day}: {last} ({spell.body_part.lower()}) {verb}"
        f" for his next game{against}.",
        "status": spell.status,
    }


def injuries(request: Request, ctx: Context) -> Reply:
    per_page = _int_arg(request, "per_page", DEFAULT_PER_PAGE)
    if per_page is None or per_page < 1:
        return error(400, f"per_page must be a positive integer, got {request.arg('per_page')!r}")
    per_page = min(per_page, MAX_PER_PAGE)
    cursor = _int_arg(request, "cursor", CURSOR_BASE)
    if cursor is None or cursor < CURSOR_BASE:
        return error(400, f"invalid cursor {request.arg('cursor')!r}")
    team_ids = {int(v) for v in request.args("team_ids[]") if v.isdigit()}
    player_ids = {int(v) for v in request.args("player_ids[]") if v.isdigit()}
    season = ctx.season
    listed = [
        s
        for s in season.injuries_listed(ctx.now)
        if (not team_ids or season.team(s.team).bdl_id in team_ids)
        and (not player_ids or season.player(s.player_id).bdl_id in player_ids)
    ]
    offset = cursor - CURSOR_BASE
    page = listed[offset : offset + per_page]
    meta: dict[str, int] = {"per_page": per_page}
    if offset + per_page < len(listed):
        meta = {"next_cursor": CURSOR_BASE + offset + per_page, "per_page": per_page}
    return json_reply({"data": [_injury(season, s) for s in page], "meta": meta})


def _team_json(team: Team) -> dict[str, Any]:
    return {
        "id": team.bdl_id,
        "conference": team.conference,
        "division": team.division,
        "city": team.city,
        "name": team.nickname,
        "full_name": "LA Clippers" if team.tricode == "LAC" else team.full_name,
        "abbreviation": team.tricode,
    }


def _pct(made: int, attempts: int) -> float:
    return round(made / attempts, 7) if attempts else 0


def _line_json(season: Season, line: BoxLine) -> dict[str, Any]:
    return {
        "min": f"{line.minutes:02d}",
        "fgm": line.fgm,
        "fga": line.fga,
        "fg_pct": _pct(line.fgm, line.fga),
        "fg3m": line.fg3m,
        "fg3a": line.fg3a,
        "fg3_pct": _pct(line.fg3m, line.fg3a),
        "ftm": line.ftm,
        "fta": line.fta,
        "ft_pct": _pct(line.ftm, line.fta),
        "oreb": line.oreb,
        "dreb": line.dreb,
        "reb": line.reb,
        "ast": line.ast,
        "stl": line.stl,
        "blk": line.blk,
        "turnover": line.tov,
        "pf": line.pf,
        "pts": line.pts,
        "player": player_json(season.player(line.player_id)),
    }


def box_scores(request: Request, ctx: Context) -> Reply:
    given = request.arg("date")
    day = parse_day(given)
    if day is None:
        return error(400, "date is required (YYYY-MM-DD)" if not given else f"invalid date {given!r}")
    season = ctx.season
    data = []
    for game in season.games_on(day):
        if game.status(ctx.now) != 3:
            continue  # only final games are served; live ones are not simulated here
        lines = season.box_scores[game.game_id]
        entry: dict[str, Any] = {
            "date": f"{day}",
            "season": season.start_year,
            "status": "Final",
            "period": game.periods,
            "time": "Final",
            "postseason": False,
            "home_team_score": game.home_score,
            "visitor_team_score": game.away_score,
        }
        for key, side in (("home_team", game.home), ("visitor_team", game.away)):
            entry[key] = {
                **_team_json(season.team(side)),
                "players": [_line_json(season, b) for b in lines if b.team == side],
            }
        data.append(entry)
    return json_reply({"data": data})


ROUTES = [
    Route("bdl", r"/(nba/)?v1/player_injuries", injuries),
    Route("bdl", r"/(nba/)?v1/box_scores", box_scores),
]
