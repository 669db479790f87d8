"""The 30 NBA teams and every source's code for them, mapped to the NBA.com tricode."""

from __future__ import annotations

from dataclasses import dataclass

from shared.names import fold


@dataclass(frozen=True)
class Team:
    """One franchise as each source names it."""

    tricode: str
    nba_id: int
    full_name: str
    espn: str
    bdl_id: int


# (tricode, NBA.com team id, full name, ESPN abbreviation); BDL ids are 1..30 in this (full-name) order.
_ROWS = [
    ("ATL", 1610612737, "Atlanta Hawks", "ATL"),
    ("BOS", 1610612738, "Boston Celtics", "BOS"),
    ("BKN", 1610612751, "Brooklyn Nets", "BKN"),
    ("CHA", 1610612766, "Charlotte Hornets", "CHA"),
    ("CHI", 1610612741, "Chicago Bulls", "CHI"),
    ("CLE", 1610612739, "Cleveland Cavaliers", "CLE"),
    ("DAL", 1610612742, "Dallas Mavericks", "DAL"),
    ("DEN", 1610612743, "Denver Nuggets", "DEN"),
    ("DET", 1610612765, "Detroit Pistons", "DET"),
    ("GSW", 1610612744, "Golden State Warriors", "GS"),
    ("HOU", 1610612745, "Houston Rockets", "HOU"),
    ("IND", 1610612754, "Indiana Pacers", "IND"),
    ("LAC", 1610612746, "Los Angeles Clippers", "LAC"),
    ("LAL", 1610612747, "Los Angeles Lakers", "LAL"),
    ("MEM", 1610612763, "Memphis Grizzlies", "MEM"),
    ("MIA", 1610612748, "Miami Heat", "MIA"),
    ("MIL", 1610612749, "Milwaukee Bucks", "MIL"),
    ("MIN", 1610612750, "Minnesota Timberwolves", "MIN"),
    ("NOP", 1610612740, "New Orleans Pelicans", "NO"),
    ("NYK", 1610612752, "New York Knicks", "NY"),
    ("OKC", 1610612760, "Oklahoma City Thunder", "OKC"),
    ("ORL", 1610612753, "Orlando Magic", "ORL"),
    ("PHI", 1610612755, "Philadelphia 76ers", "PHI"),
    ("PHX", 1610612756, "Phoenix Suns", "PHX"),
    ("POR", 1610612757, "Portland Trail Blazers", "POR"),
    ("SAC", 1610612758, "Sacramento Kings", "SAC"),
    ("SAS", 1610612759, "San Antonio Spurs", "SA"),
    ("TOR", 1610612761, "Toronto Raptors", "TOR"),
    ("UTA", 1610612762, "Utah Jazz", "UTAH"),
    ("WAS", 1610612764, "Washington Wizards", "WSH"),
]
TEAMS = [Team(t, nba_id, name, espn, i) for i, (t, nba_id, name, espn) in enumerate(_ROWS, start=1)]
BY_TRICODE = {t.tricode: t for t in TEAMS}

# Abbreviations other sources (ESPN, Basketball-Reference, older feeds) use for the same teams.
_ALIASES = {
    "BRK": "BKN", "NJN": "BKN", "CHO": "CHA", "CHH": "CHA", "GS": "GSW", "GOS": "GSW",
    "NO": "NOP", "NOR": "NOP", "NOH": "NOP", "NY": "NYK", "NYN": "NYK", "PHO": "PHX", "SA": "SAS",
    "SAN": "SAS", "UTAH": "UTA", "UTH": "UTA", "WSH": "WAS",
}  # fmt: skip
_BY_ABBR = {**{t.tricode: t.tricode for t in TEAMS}, **{t.espn: t.tricode for t in TEAMS}, **_ALIASES}
ABBREVIATIONS = tuple(sorted(_BY_ABBR))  # every abbreviation tricode() knows, upper case
_BY_NAME = {fold(t.full_name): t.tricode for t in TEAMS} | {"la clippers": "LAC", "la lakers": "LAL"}
_BY_NBA_ID = {t.nba_id: t.tricode for t in TEAMS}
_BY_BDL_ID = {t.bdl_id: t.tricode for t in TEAMS}


def tricode(abbreviation: str | None) -> str | None:
    """Any source's abbreviation ('GS', 'NY', 'UTAH', 'PHO', 'BOS') → NBA tricode; None when unknown."""
    return _BY_ABBR.get(abbreviation.strip().upper()) if abbreviation else None


def tricode_from_name(full_name: str | None) -> str | None:
    """'Golden State Warriors' / 'LA Clippers' → 'GSW' / 'LAC'; None when unknown."""
    return _BY_NAME.get(" ".join(fold(full_name).split())) if full_name else None


def tricode_from_nba_id(team_id: int | None) -> str | None:
    """NBA.com team id (1610612738) → tricode."""
    return _BY_NBA_ID.get(team_id) if team_id is not None else None


def tricode_from_bdl_id(team_id: int | None) -> str | None:
    """Ball Don't Lie team id (1..30) → tricode."""
    return _BY_BDL_ID.get(team_id) if team_id is not None else None


def espn_abbreviation(team_tricode: str) -> str | None:
    """NBA tricode → ESPN's abbreviation ('GSW' → 'GS', 'UTA' → 'UTAH')."""
    team = BY_TRICODE.get(team_tricode.strip().upper())
    return team.espn if team else None
