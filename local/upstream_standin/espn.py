"""ESPN site API team roster: flat athletes[] with injuries[], by ESPN abbreviation (bos, gs, ny…) or id."""

from __future__ import annotations

from local.upstream_standin.espn_athlete import athlete
from local.upstream_standin.league import Team
from local.upstream_standin.replies import Context, Reply, Request, Route, json_reply
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import absent_from_espn


def find_team(season: Season, key: str) -> Team | None:
    wanted = key.lower()
    return next((t for t in season.teams if wanted in (t.espn_abbr.lower(), str(t.espn_id))), None)


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
            athlete(season, p, listed.get(p.player_id), ctx)
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
