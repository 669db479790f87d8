"""BettingPros /v3/events?sport=NBA&date=: the day's games with lineups, venue, records and results."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from local.upstream_standin.model import Game, Player
from local.upstream_standin.replies import Context, Reply, Request, json_reply, parse_day
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import name_parts, slug, spell
from shared.eastern import ET

_STATUS = {1: "scheduled", 2: "inprogress", 3: "closed"}


def _base(season: Season) -> int:
    return 30_000 + season.seed % 50 * 2_000


def bp_event_id(season: Season, game: Game) -> int:
    return _base(season) + int(game.game_id[-5:])


def game_for(season: Season, event_id: int) -> Game | None:
    number = event_id - _base(season)
    return season.game(f"002{season.start_year % 100:02d}{number:05d}") if 0 < number < 100_000 else None


def _team_slug(season: Season, tricode: str) -> str:
    return season.team(tricode).full_name.lower().replace(" ", "-")


def _lineup(season: Season, game: Game, tricode: str, status: str) -> list[dict[str, Any]]:
    starters = sorted((p for p in season.roster(tricode) if not season.is_out(p, game.date_et)), key=lambda p: -p.mpg)
    return [{"status": status, "participant": _participant(p)} for p in starters[:5]]


def _participant(player: Player) -> dict[str, Any]:
    first, last = name_parts(player, "bettingpros")
    return {
        "id": player.bp_id,
        "name": spell(player, "bettingpros"),
        "link": f"/nba/props/{slug(player)}/",
        "player": {
            "short_name": f"{first[:1]}. {last}",
            "first_name": first,
            "last_name": last,
            "image": f"https://images.fantasypros.com/images/players/nba/{player.bp_id}/headshot/210x210.webp",
            "position": player.position[0],
            "team": player.team,
            "slug": slug(player),
            "jersey_number": int(player.jersey),
        },
    }


def _results(game: Game) -> dict[str, Any]:
    winner = game.home if game.home_score > game.away_score else game.away
    quarters = []
    for number in range(1, game.periods + 1):
        scores = []
        for side, total in ((game.home, game.home_score), (game.away, game.away_score)):
            regulation = total - 10 * (game.periods - 4)
            share = regulation // 4 + (regulation % 4 if number == 4 else 0) if number <= 4 else 10
            scores.append({"participant": side, "score": share})
        quarters.append({"name": "quarter" if number <= 4 else "overtime", "number": number, "scores": scores})
    return {
        "outcomes": [
            {
                "label": "event",
                "winner": winner,
                "scores": [
                    {"participant": game.home, "score": game.home_score},
                    {"participant": game.away, "score": game.away_score},
                ],
            }
        ],
        "periods": quarters,
    }


def _records(season: Season, now: datetime) -> dict[str, list[int]]:
    records = {t.tricode: [0, 0] for t in season.teams}
    for game in season.games:
        if game.status(now) == 3:
            home_won = game.home_score > game.away_score
            records[game.home][0 if home_won else 1] += 1
            records[game.away][1 if home_won else 0] += 1
    return records


def _event(season: Season, game: Game, now: datetime, records: dict[str, list[int]]) -> dict[str, Any]:
    status = game.status(now)
    home = season.team(game.home)
    lineup_status = "started" if status > 1 else "projected"
    matchup = f"{_team_slug(season, game.home)}-vs-{_team_slug(season, game.away)}"
    participants = []
    for tricode in (game.home, game.away):
        team = season.team(tricode)
        participants.append(
            {
                "id": tricode,
                "name": team.nickname,
                "link": f"/nba/teams/{_team_slug(season, tricode)}/",
                "team": {
                    "city": team.city,
                    "abbreviation": tricode,
                    "conference": f"{team.conference}ern",
                    "division": team.division,
                    "record": {"W": records[tricode][0], "L": records[tricode][1], "T": 0},
                    "slug": _team_slug(season, tricode),
                },
            }
        )
    return {
        "id": bp_event_id(season, game),
        "sr_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sr:{season.seed}:{game.game_id}")),
        "sport": "NBA",
        "scheduled": game.tipoff_utc.strftime("%Y-%m-%d %H:%M:%S"),
        "season": season.start_year,
        "season_type": "REG",
        "event_name": None,
        "status": _STATUS[status],
        "home": game.home,
        "visitor": game.away,
        "link": f"/nba/matchups/{matchup}/?date={game.date_et}",
        "series_summary": None,
        "popularity": 80 + int(game.game_id) % 90,
        "lineups": {
            "home_lineup": _lineup(season, game, game.home, lineup_status),
            "away_lineup": _lineup(season, game, game.away, lineup_status),
            "home_lineup_type": "confirmed" if status > 1 else "projected",
            "away_lineup_type": "confirmed" if status > 1 else "projected",
        },
        "venue": {
            "name": home.arena,
            "id": None,
            "city": home.arena_city,
            "state": home.arena_state,
            "country": "Canada" if home.tricode == "TOR" else "USA",
            "zip": "",
        },
        "participants": participants,
        "broadcasts": [{"network": "ESPN", "type": "tv"}] if int(game.game_id) % 6 == 0 else [],
        "results": _results(game) if status == 3 else None,
        "is_free": False,
    }


def events(request: Request, ctx: Context) -> Reply:
    given = request.arg("date")
    day = parse_day(given) if given else ctx.now.astimezone(ET).date()
    if day is None:
        return json_reply({"message": f"invalid date {given!r}; expected YYYY-MM-DD"}, 400)
    sport = request.arg("sport") or "NBA"
    games = ctx.season.games_on(day) if sport == "NBA" else []
    records = _records(ctx.season, ctx.now)
    params: dict[str, Any] = dict.fromkeys(
        (
            "season",
            "doubleheader",
            "week",
            "start",
            "season_type",
            "status",
            "end",
            "comp_id",
            "event_id",
            "event_slug",
            "team_id",
            "max_events_per_sport",
        )
    )
    params.update(
        {
            "sport": sport,
            "date": f"{day}",
            "direction": "asc",
            "lineups": "true",
            "park_factors": "true",
            "officials": "false",
        }
    )
    return json_reply(
        {
            "_parameters": params,
            "events": [_event(ctx.season, g, ctx.now, records) for g in games],
            "ts": int(ctx.now.timestamp()),
            "utc": ctx.now.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
