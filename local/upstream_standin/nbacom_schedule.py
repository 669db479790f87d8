"""NBA.com scheduleLeagueV2.json for the whole season, statuses and scores as of simulated now."""

from __future__ import annotations

import json
import threading
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from local.upstream_standin.model import Game
from local.upstream_standin.replies import iso_z
from local.upstream_standin.season import Season
from shared.eastern import ET

_BROADCAST_KEYS = (
    "nationalTvBroadcasters",
    "nationalRadioBroadcasters",
    "nationalOttBroadcasters",
    "homeTvBroadcasters",
    "homeRadioBroadcasters",
    "homeOttBroadcasters",
    "awayTvBroadcasters",
    "awayRadioBroadcasters",
    "awayOttBroadcasters",
    "intlRadioBroadcasters",
    "intlTvBroadcasters",
    "intlOttBroadcasters",
)
_NATIONAL = ({"id": 2, "display": "ESPN"}, {"id": 1000150, "display": "NBC"}, {"id": 1000212, "display": "Prime Video"})
_cache: dict[tuple, bytes] = {}
_cache_lock = threading.Lock()


def body(season: Season, now: datetime) -> bytes:
    """The whole file as JSON bytes; rebuilt only when some game changed status (or live scores moved)."""
    started = sum(g.tipoff_utc <= now for g in season.games)
    final = sum(g.final_at <= now for g in season.games)
    key = (id(season), started, final, now.replace(second=0, microsecond=0) if started > final else None)
    with _cache_lock:
        if key not in _cache:
            if len(_cache) > 8:
                _cache.clear()
            _cache[key] = json.dumps(build(season, now), separators=(",", ":")).encode("utf-8")
        return _cache[key]


def build(season: Season, now: datetime) -> dict[str, Any]:
    opening_monday = season.games[0].date_et - timedelta(days=season.games[0].date_et.weekday())
    records: dict[str, list[int]] = {t.tricode: [0, 0] for t in season.teams}
    after: dict[str, dict[str, tuple[int, int]]] = {}
    for game in sorted((g for g in season.games if g.status(now) == 3), key=lambda g: g.final_at):
        winner, loser = (game.home, game.away) if game.home_score > game.away_score else (game.away, game.home)
        records[winner][0] += 1
        records[loser][1] += 1
        after[game.game_id] = {side: (records[side][0], records[side][1]) for side in (game.home, game.away)}
    days: dict[str, list[dict[str, Any]]] = {}
    for game in season.games:
        shown = after.get(game.game_id) or {
            side: (records[side][0], records[side][1]) for side in (game.home, game.away)
        }
        week = (game.date_et - opening_monday).days // 7 + 1
        days.setdefault(f"{game.date_et:%m/%d/%Y} 00:00:00", []).append(_game(season, game, now, shown, week))
    last_week = (season.games[-1].date_et - opening_monday).days // 7 + 1
    return {
        "meta": {
            "version": 1,
            "request": f"http://nba.cloud/league/00/{season.label}/scheduleleaguev2?Format=json",
            "time": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        },
        "leagueSchedule": {
            "seasonYear": season.label,
            "leagueId": "00",
            "gameDates": [{"gameDate": day, "games": games} for day, games in days.items()],
            "weeks": [
                {
                    "weekNumber": n,
                    "weekName": f"Week {n}",
                    "startDate": f"{max(season.games[0].date_et, opening_monday + timedelta(weeks=n - 1))}T00:00:00Z",
                    "endDate": f"{opening_monday + timedelta(weeks=n - 1, days=6)}T00:00:00Z",
                }
                for n in range(1, last_week + 1)
            ],
            "broadcasterList": [
                {
                    "broadcasterId": b["id"],
                    "broadcasterDisplay": b["display"],
                    "broadcasterAbbreviation": b["display"],
                    "broadcasterDescription": "",
                    "regionId": 1,
                }
                for b in _NATIONAL
            ],
        },
    }


def _status_text(game: Game, now: datetime, tip_et: datetime) -> str:
    status = game.status(now)
    if status == 3:
        overtimes = game.periods - 4
        return "Final" if overtimes == 0 else "Final/OT" if overtimes == 1 else f"Final/{overtimes}OT"
    if status == 2:
        elapsed = (now - game.tipoff_utc) / (game.final_at - game.tipoff_utc) * 4
        quarter = min(4, int(elapsed) + 1)
        left = 12 * (1 - (elapsed - (quarter - 1)))
        return f"Q{quarter} {int(left)}:{int(left % 1 * 60):02d}"
    return tip_et.strftime("%-I:%M %p").lower() + " ET"


def _team(season: Season, tricode: str, score: int, record: tuple[int, int]) -> dict[str, Any]:
    team = season.team(tricode)
    return {
        "teamId": team.team_id,
        "teamName": team.nickname,
        "teamCity": team.city,
        "teamTricode": tricode,
        "teamSlug": team.slug,
        "wins": record[0],
        "losses": record[1],
        "score": score,
        "seed": 0,
    }


def _game(season: Season, game: Game, now: datetime, records: dict, week: int) -> dict[str, Any]:
    tip_et = game.tipoff_utc.astimezone(ET)
    home, away = season.team(game.home), season.team(game.away)
    home_score, away_score = game.scores(now)
    broadcasters: dict[str, list] = {key: [] for key in _BROADCAST_KEYS}
    if int(game.game_id) % 6 == 0:
        national = _NATIONAL[int(game.game_id) // 6 % len(_NATIONAL)]
        broadcasters["nationalTvBroadcasters"].append(
            {
                "broadcasterScope": "natl",
                "broadcasterMedia": "tv",
                "broadcasterId": national["id"],
                "broadcasterDisplay": national["display"],
                "broadcasterAbbreviation": national["display"],
                "broadcasterDescription": "",
                "tapeDelayComments": "",
                "broadcasterVideoLink": "",
                "regionId": 1,
                "broadcasterTeamId": -1,
                "broadcasterRanking": None,
            }
        )
    return {
        "gameId": game.game_id,
        "gameCode": game.game_code,
        "gameStatus": game.status(now),
        "gameStatusText": _status_text(game, now, tip_et),
        "gameSequence": game.sequence,
        "gameDateEst": f"{game.date_et}T00:00:00Z",
        "gameTimeEst": f"1900-01-01T{tip_et:%H:%M}:00Z",
        "gameDateTimeEst": iso_z(tip_et),
        "gameDateUTC": iso_z(datetime.combine(game.date_et, time(0), ET).astimezone(ZoneInfo("UTC"))),
        "gameTimeUTC": f"1900-01-01T{game.tipoff_utc:%H:%M}:00Z",
        "gameDateTimeUTC": iso_z(game.tipoff_utc),
        "awayTeamTime": iso_z(game.tipoff_utc.astimezone(ZoneInfo(away.tz))),
        "homeTeamTime": iso_z(game.tipoff_utc.astimezone(ZoneInfo(home.tz))),
        "day": tip_et.strftime("%a"),
        "monthNum": game.date_et.month,
        "weekNumber": week,
        "weekName": f"Week {week}",
        "ifNecessary": False,
        "seriesGameNumber": "",
        "gameLabel": "",
        "gameSubLabel": "",
        "seriesText": "",
        "arenaName": home.arena,
        "arenaState": home.arena_state,
        "arenaCity": home.arena_city,
        "postponedStatus": "N",
        "branchLink": "",
        "gameSubtype": "",
        "isNeutral": False,
        "broadcasters": broadcasters,
        "homeTeam": _team(season, game.home, home_score, records[game.home]),
        "awayTeam": _team(season, game.away, away_score, records[game.away]),
        "pointsLeaders": _leaders(season, game) if game.status(now) == 3 else [],
    }


def _leaders(season: Season, game: Game) -> list[dict[str, Any]]:
    top = max(season.box_scores[game.game_id], key=lambda line: (line.pts, -line.player_id))
    player, team = season.player(top.player_id), season.team(top.team)
    return [
        {
            "personId": player.player_id,
            "firstName": player.first_name,
            "lastName": player.last_name,
            "teamId": team.team_id,
            "teamCity": team.city,
            "teamName": team.nickname,
            "teamTricode": team.tricode,
            "points": float(top.pts),
        }
    ]
