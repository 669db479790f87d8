"""The 30 real teams (ids, tricodes, per-source codes, arenas) and the active-player pool, from nba_api."""

from __future__ import annotations

from dataclasses import dataclass

from nba_api.stats.library import data

# tricode: conference, division, ESPN id, ESPN abbreviation, arena, arena city, arena state, time zone
_META: dict[str, tuple[str, str, int, str, str, str, str, str]] = {
    "ATL": ("East", "Southeast", 1, "ATL", "State Farm Arena", "Atlanta", "GA", "America/New_York"),
    "BOS": ("East", "Atlantic", 2, "BOS", "TD Garden", "Boston", "MA", "America/New_York"),
    "BKN": ("East", "Atlantic", 17, "BKN", "Barclays Center", "Brooklyn", "NY", "America/New_York"),
    "CHA": ("East", "Southeast", 30, "CHA", "Spectrum Center", "Charlotte", "NC", "America/New_York"),
    "CHI": ("East", "Central", 4, "CHI", "United Center", "Chicago", "IL", "America/Chicago"),
    "CLE": ("East", "Central", 5, "CLE", "Rocket Arena", "Cleveland", "OH", "America/New_York"),
    "DAL": ("West", "Southwest", 6, "DAL", "American Airlines Center", "Dallas", "TX", "America/Chicago"),
    "DEN": ("West", "Northwest", 7, "DEN", "Ball Arena", "Denver", "CO", "America/Denver"),
    "DET": ("East", "Central", 8, "DET", "Little Caesars Arena", "Detroit", "MI", "America/New_York"),
    "GSW": ("West", "Pacific", 9, "GS", "Chase Center", "San Francisco", "CA", "America/Los_Angeles"),
    "HOU": ("West", "Southwest", 10, "HOU", "Toyota Center", "Houston", "TX", "America/Chicago"),
    "IND": ("East", "Central", 11, "IND", "Gainbridge Fieldhouse", "Indianapolis", "IN", "America/New_York"),
    "LAC": ("West", "Pacific", 12, "LAC", "Intuit Dome", "Inglewood", "CA", "America/Los_Angeles"),
    "LAL": ("West", "Pacific", 13, "LAL", "Crypto.com Arena", "Los Angeles", "CA", "America/Los_Angeles"),
    "MEM": ("West", "Southwest", 29, "MEM", "FedExForum", "Memphis", "TN", "America/Chicago"),
    "MIA": ("East", "Southeast", 14, "MIA", "Kaseya Center", "Miami", "FL", "America/New_York"),
    "MIL": ("East", "Central", 15, "MIL", "Fiserv Forum", "Milwaukee", "WI", "America/Chicago"),
    "MIN": ("West", "Northwest", 16, "MIN", "Target Center", "Minneapolis", "MN", "America/Chicago"),
    "NOP": ("West", "Southwest", 3, "NO", "Smoothie King Center", "New Orleans", "LA", "America/Chicago"),
    "NYK": ("East", "Atlantic", 18, "NY", "Madison Square Garden", "New York", "NY", "America/New_York"),
    "OKC": ("West", "Northwest", 25, "OKC", "Paycom Center", "Oklahoma City", "OK", "America/Chicago"),
    "ORL": ("East", "Southeast", 19, "ORL", "Kia Center", "Orlando", "FL", "America/New_York"),
    "PHI": ("East", "Atlantic", 20, "PHI", "Xfinity Mobile Arena", "Philadelphia", "PA", "America/New_York"),
    "PHX": ("West", "Pacific", 21, "PHX", "PHX Arena", "Phoenix", "AZ", "America/Phoenix"),
    "POR": ("West", "Northwest", 22, "POR", "Moda Center", "Portland", "OR", "America/Los_Angeles"),
    "SAC": ("West", "Pacific", 23, "SAC", "Golden 1 Center", "Sacramento", "CA", "America/Los_Angeles"),
    "SAS": ("West", "Southwest", 24, "SA", "Frost Bank Center", "San Antonio", "TX", "America/Chicago"),
    "TOR": ("East", "Atlantic", 28, "TOR", "Scotiabank Arena", "Toronto", "ON", "America/Toronto"),
    "UTA": ("West", "Northwest", 26, "UTAH", "Delta Center", "Salt Lake City", "UT", "America/Denver"),
    "WAS": ("East", "Southeast", 27, "WSH", "Capital One Arena", "Washington", "DC", "America/New_York"),
}
# NBA.com and BDL print a team's city differently from nba_api's static data for these two.
_CITY = {"GSW": "Golden State", "LAC": "LA"}
_SLUG = {"PHI": "sixers", "POR": "blazers"}


@dataclass(frozen=True, slots=True)
class Team:
    """One franchise with the codes each source uses for it."""

    team_id: int
    tricode: str
    city: str
    nickname: str
    full_name: str
    conference: str
    division: str
    bdl_id: int
    espn_id: int
    espn_abbr: str
    arena: str
    arena_city: str
    arena_state: str
    tz: str

    @property
    def slug(self) -> str:
        """NBA.com teamSlug, e.g. "sixers"."""
        return _SLUG.get(self.tricode, self.nickname.lower().replace(" ", ""))


@dataclass(frozen=True, slots=True)
class PoolPlayer:
    """An active player as nba_api lists him (no team: the season deals players to teams)."""

    player_id: int
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def load_teams() -> tuple[Team, ...]:
    """The 30 teams ordered by tricode; BDL ids are 1..30 in order of full name, as BDL numbers them."""
    rows = sorted(data.teams, key=lambda row: row[5])
    teams = []
    for bdl_id, row in enumerate(rows, start=1):
        team_id, tricode, nickname, _founded, _city, full_name = row[:6]
        conf, div, espn_id, espn_abbr, arena, arena_city, state, tz = _META[tricode]
        city = _CITY.get(tricode, row[4])
        teams.append(
            Team(
                team_id,
                tricode,
                city,
                nickname,
                full_name,
                conf,
                div,
                bdl_id,
                espn_id,
                espn_abbr,
                arena,
                arena_city,
                state,
                tz,
            )
        )
    return tuple(sorted(teams, key=lambda team: team.tricode))


def load_player_pool() -> tuple[PoolPlayer, ...]:
    """Active players, names cleaned of nba_api's quirks (one row has its name fields shuffled)."""
    pool = []
    for player_id, last, first, full, active in data.players:
        if not active:
            continue
        if not first:  # e.g. [1643640, 'Udeh, Jr., Ernest', '', 'Ernest Udeh, Jr.']
            first, _, last = full.replace(", ", " ").partition(" ")
        pool.append(PoolPlayer(int(player_id), first.strip(), last.strip()))
    return tuple(sorted(pool, key=lambda p: p.player_id))


def retired_player(full_name: str) -> PoolPlayer:
    """A player nba_api lists as inactive, by full name ('Tim Hardaway'), to bring back in the stand-in's league."""
    for player_id, last, first, full, active in data.players:
        if full == full_name and not active:
            return PoolPlayer(int(player_id), first.strip(), last.strip())
    raise ValueError(f"no retired player {full_name!r} in nba_api's static data")
