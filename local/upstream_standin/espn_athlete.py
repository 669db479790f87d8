"""ESPN roster athletes: one entry per player as ESPN's site API spells it, injuries included."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from local.upstream_standin.injuries import LOCATION
from local.upstream_standin.model import InjurySpell, Player
from local.upstream_standin.replies import Context
from local.upstream_standin.season import Season
from local.upstream_standin.spelling import name_parts

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


def athlete(season: Season, player: Player, spell: InjurySpell | None, ctx: Context) -> dict[str, Any]:
    """One roster entry, keys in ESPN's order, with the fields ESPN leaves out for some players left out."""
    first, last = name_parts(player, "espn")
    slug = "-".join(player.full_name.lower().replace(".", "").replace("'", "").split())
    athlete = {
        **_identity(player, first, last),
        **_measurements(season, player, ctx),
        **_profile(player, first, last, slug),
        "position": _position(player),
        **_roster_status(player, spell, last),
    }
    if player.draft_year is not None:
        athlete["draft"] = _draft(player)
    if player.college is None:
        del athlete["college"], athlete["collegeAthlete"]
    if player.experience == 0:
        del athlete["debutYear"]
    if player.player_id % 7 == 0:
        del athlete["citizenship"]
    return athlete


def _identity(player: Player, first: str, last: str) -> dict[str, Any]:
    return {
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
    }


def _measurements(season: Season, player: Player, ctx: Context) -> dict[str, Any]:
    return {
        "weight": float(player.weight),
        "displayWeight": f"{player.weight} lbs",
        "height": float(player.height_in),
        "displayHeight": f"{player.height_in // 12}' {player.height_in % 12}\"",
        "age": (ctx.now.date() - player.birth_date).days // 365,
        "dateOfBirth": f"{player.birth_date}T07:00Z",
        "debutYear": season.start_year - player.experience,
    }


def _profile(player: Player, first: str, last: str, slug: str) -> dict[str, Any]:
    return {
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
    }


def _position(player: Player) -> dict[str, Any]:
    pos_id, pos_name, pos_abbr = _POSITIONS[player.position]
    return {
        "id": pos_id,
        "name": pos_name,
        "displayName": pos_name,
        "abbreviation": pos_abbr,
        "leaf": True,
        "parent": {},
    }


def _roster_status(player: Player, spell: InjurySpell | None, last: str) -> dict[str, Any]:
    return {
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


def _draft(player: Player) -> dict[str, Any]:
    return {
        "displayText": f"Year: {player.draft_year} Round: {player.draft_round} Pick: {player.draft_number}",
        "round": player.draft_round,
        "year": player.draft_year,
        "selection": player.draft_number,
        "pick": {},
    }
