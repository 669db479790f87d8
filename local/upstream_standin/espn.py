"""ESPN site API team roster: flat athletes[] with injuries[], by ESPN abbreviation (bos, gs, ny…) or id."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from local.upstream_standin.injuries import LOCATION
from local.upstream_standin.league import Team
from local.upstream_standin.model import InjurySpell, Player
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import absent_from_espn, name_parts

_POSITIONS = {
    "G": ("1", "Guard", "G"),
    "G-F": ("2", "Shooting Guard", "SG"),
    "F": ("3", "Forward", "F"),
    "F-C": ("4", "Power Forward", "PF"),
    "C": ("5", "Center", "C"),
}
_STATUS = {
    "Out": ("4", "INJURY_STATUS_OUT", "out", "O", "OUT"),
    "Day-To-Day": ("5", "INJURY_STATUS_DAYTODAY", "day-to-day", "DD", "GTD"),
}


def find_team(season: Season, key: str) -> Team | None:
    wanted = key.lower()
    return next((t for t in season.teams if wanted in (t.espn_abbr.lower(), str(t.espn_id))), None)


def _espn_time(moment: Any) -> str:
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def _injury(spell: InjurySpell, last: str) -> dict[str, Any]:
    type_id, name, description, abbreviation, fantasy = _STATUS[spell.status]
    short = f"{last} ({spell.body_part.lower()}) is {'out' if spell.status == 'Out' else 'day-to-day'}."
    return {
        "id": str(int(hashlib.md5(f"{spell.player_id}{spell.start}".encode()).hexdigest()[:6], 16)),
        "longComment": f"{short} The team will update his status before the next game.",
        "shortComment": short,
        "status": spell.status,
        "date": _espn_time(spell.reported_at),
        "athlete": {},
        "source": {"id": "1", "description": "basic/manual", "state": "basic"},
        "type": {"id": type_id, "name": name, "description": description, "abbreviation": abbreviation},
        "details": {
            "fantasyStatus": {"description": fantasy, "abbreviation": fantasy},
            "type": spell.body_part,
            "location": LOCATION[spell.body_part],
            "side": "Not Specified",
            "returnDate": f"{spell.end + timedelta(days=1)}",
        },
    }


def _athlete(season: Season, player: Player, spell: InjurySpell | None, ctx: Context) -> dict[str, Any]:
    first, last = name_parts(player, "espn")
    slug = "-".join(player.full_name.lower().replace(".", "").replace("'", "").split())
    age = (ctx.now.date() - player.birth_date).days // 365
    pos_id, pos_name, pos_abbr = _POSITIONS[player.position]
    athlete: dict[str, Any] = {
        "id": player.espn_id,
        "uid": f"s:40~l:46~a:{player.espn_id}",
        "guid": hashlib.md5(player.espn_id.encode()).hexdigest(),
        "type": "basketball",
        "alternateIds": {"sdr": player.espn_id},
        "firstName": first,
        "lastName": last,
        "fullName": f"{first} {last}",
        "displayName": f"{first} {last}",
        "shortName": f"{first[:1]}. {last}",
        "weight": float(player.weight),
        "displayWeight": f"{player.weight} lbs",
        "height": float(player.height_in),
        "displayHeight": f"{player.height_in // 12}' {player.height_in % 12}\"",
        "age": age,
        "dateOfBirth": f"{player.birth_date}T07:00Z",
        "debutYear": season.start_year - player.experience,
        "links": [
            {
                "language": "en-US",
                "rel": ["playercard", "desktop", "athlete"],
                "href": f"https://www.espn.com/nba/player/_/id/{player.espn_id}/{slug}",
                "text": "Player Card",
                "shortText": "Player Card",
                "isExternal": False,
                "isPremium": False,
            }
        ],
        "birthPlace": {"country": player.country},
        "citizenship": player.country,
        "college": {},
        "slug": slug,
        "headshot": {
            "href": f"https://a.espncdn.com/i/headshots/nba/players/full/{player.espn_id}.png",
            "alt": f"{first} {last}",
        },
        "jersey": player.jersey,
        "position": {
            "id": pos_id,
            "name": pos_name,
            "displayName": pos_name,
            "abbreviation": pos_abbr,
            "leaf": True,
            "parent": {},
        },
        "injuries": [_injury(spell, last)] if spell else [],
        "linked": True,
        "teams": [{}],
        "experience": {"years": player.experience},
        "collegeAthlete": {},
        "active": True,
        "contract": {
            "salary": 1_000_000 + player.player_id % 40 * 1_000_000,
            "yearsRemaining": 1 + player.player_id % 4,
            "active": True,
        },
        "eventLog": {},
        "status": {"id": "1", "name": "Active", "type": "active", "abbreviation": "Active"},
    }
    if player.draft_year is not None:
        athlete["draft"] = {
            "displayText": f"Year: {player.draft_year} Round: {player.draft_round} Pick: {player.draft_number}",
            "round": player.draft_round,
            "year": player.draft_year,
            "selection": player.draft_number,
            "pick": {},
        }
    if player.college is None:  # ESPN leaves these out for some players
        del athlete["college"], athlete["collegeAthlete"]
    if player.experience == 0:
        del athlete["debutYear"]
    if player.player_id % 7 == 0:
        del athlete["citizenship"]
    return athlete


def roster(request: Request, ctx: Context) -> Reply:
    season = ctx.season
    team = find_team(season, request.params["team"])
    if team is None:
        return json_reply({"code": 404, "message": f"Team not found: {request.params['team']}"}, 404)
    listed = {s.player_id: s for s in season.injuries_listed(ctx.now) if s.team == team.tricode}
    wins = losses = 0
    for game in season.games:
        if team.tricode in (game.home, game.away) and game.status(ctx.now) == 3:
            won = (game.home_score > game.away_score) == (game.home == team.tricode)
            wins, losses = wins + won, losses + (not won)
    abbr = team.espn_abbr.lower()
    body = {
        "timestamp": ctx.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "success",
        "season": {"year": season.start_year + 1, "displayName": season.label, "type": 2, "name": "Regular Season"},
        "coach": [
            {
                "id": str(9000 + team.espn_id),
                "firstName": "Head",
                "lastName": f"Coach {team.nickname}",
                "experience": team.espn_id % 9,
            }
        ],
        "athletes": [
            _athlete(season, p, listed.get(p.player_id), ctx)
            for p in season.roster(team.tricode)
            if not absent_from_espn(p, season.roster(team.tricode))
        ],
        "team": {
            "id": str(team.espn_id),
            "abbreviation": team.espn_abbr,
            "location": team.city,
            "name": team.nickname,
            "displayName": team.full_name,
            "clubhouse": f"https://www.espn.com/nba/team/_/name/{abbr}/{team.full_name.lower().replace(' ', '-')}",
            "color": "000000",
            "logo": f"https://a.espncdn.com/i/teamlogos/nba/500/{abbr}.png",
            "recordSummary": f"{wins}-{losses}",
            "seasonSummary": season.label,
            "standingSummary": f"in {team.division} Division",
        },
    }
    return json_reply(body)


ROUTES = [Route("espn", r"/apis/site/v2/sports/basketball/nba/teams/(?P<team>[^/]+)/roster", roster)]
