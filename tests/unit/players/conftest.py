"""A small league of real NBA names (public rosters) for the resolver's tests."""

from datetime import date

import pytest

from shared.players import Candidate, Game, Resolver, load_rules

DAY = date(2026, 11, 3)

# Registry spellings (NBA.com's, accents kept), by team: "team: id name; id name; ...".
_LEAGUE = """
DAL: 1629029 Luka Dončić; 1628973 Jalen Brunson; 1629655 Daniel Gafford; 1630182 P.J. Washington
HOU: 1630578 Alperen Şengün; 1630224 Jalen Green; 1630532 Jabari Smith Jr.; 1631095 Amen Thompson
ORL: 1629021 Moritz Wagner; 1630532x Franz Wagner; 1630175 Cole Anthony; 1631094 Paolo Banchero
OKC: 1631114 Jalen Williams; 1631119 Jaylin Williams; 1628983 Shai Gilgeous-Alexander; 1629652 Luguentz Dort
BOS: 1628369 Jayson Tatum; 1627759 Jaylen Brown; 204001 Kristaps Porziņģis; 1628464 Xavier Tillman Sr.
MIA: 1630581 Jaime Jaquez Jr.; 1629639 Tyler Herro; 1628389 Bam Adebayo; 1626162 Kelly Oubre Jr.
DEN: 203999 Nikola Jokić; 1629008 Michael Porter Jr.; 1631212 Peyton Watson; 1627750 Jamal Murray
PHX: 1629661 Cameron Johnson; 1626164 Devin Booker; 1630555 Kenyon Martin Jr.; 203078 Bradley Beal
SAC: 1628368 De'Aaron Fox; 1628963 Marvin Bagley III; 1629012 Keegan Murray; 1630567 Kevin Huerter
NOP: 1630530 Trey Murphy III; 1630169 Herbert Jones; 1629627 Zion Williamson; 1628969 Nickeil Alexander-Walker
NYK: 1628384 OG Anunoby; 1629011 Mitchell Robinson; 1626157 Karl-Anthony Towns; 1628404 Josh Hart
POR: 1641706 Kenrich Williams; 1629014 Nicolas Claxton; 1630583 Dalano Banton; 1629651 Nassir Little
MIN: 1630162 Anthony Edwards; 1629675 Naz Reid; 1629638 Nickeil Walker; 203497 Rudy Gobert
LAL: 2544 LeBron James; 1641705 Bronny James; 203076 Anthony Davis; 1629060 Rui Hachimura
CHA: 1630163 LaMelo Ball; 1628370 Miles Bridges; 1626179 Terry Rozier III; 1631109 Mark Williams
MIL: 1628381 Marcus Morris Sr.; 1628382 Markieff Morris; 203507 Giannis Antetokounmpo; 1629026 Thanasis Antetokounmpo
"""
LEAGUE = {
    team: [tuple(entry.strip().split(" ", 1)) for entry in players.split(";")]
    for team, players in (line.split(": ", 1) for line in _LEAGUE.strip().splitlines())
}
OPPONENT = {"DAL": "HOU", "HOU": "DAL", "ORL": "OKC", "OKC": "ORL", "BOS": "MIA", "MIA": "BOS", "DEN": "PHX",
            "PHX": "DEN", "SAC": "NOP", "NOP": "SAC", "NYK": "POR", "POR": "NYK", "MIN": "LAL", "LAL": "MIN",
            "CHA": "MIL", "MIL": "CHA"}  # fmt: skip


def candidates(team: str) -> list[Candidate]:
    return [Candidate(pid, name, t) for t in (team, OPPONENT[team]) for pid, name in LEAGUE[t]]


def game(team: str) -> Game:
    return Game(DAY, (team, OPPONENT[team]))


def everyone() -> list[Candidate]:
    return [Candidate(pid, name, t) for t, players in LEAGUE.items() for pid, name in players]


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(load_rules())
