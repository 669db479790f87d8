"""Typed records of a synthetic season: players, games, box-score lines, injuries, officials, prop lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

GAME_LENGTH = timedelta(hours=2, minutes=30)


@dataclass(frozen=True, slots=True)
class Player:
    """A rostered player; ids per source differ as they do upstream."""

    player_id: int  # NBA.com person id
    first_name: str  # canonical (NBA.com) spelling, accents kept
    last_name: str
    team: str  # tricode
    position: str  # "G", "F", "C", "G-F", "F-C"
    jersey: str
    height_in: int
    weight: int
    mpg: float  # expected minutes when healthy
    ppg: float  # expected points when healthy
    bdl_id: int
    espn_id: str
    bp_id: str
    birth_date: date
    country: str
    college: str | None
    draft_year: int | None
    draft_round: int | None
    draft_number: int | None
    experience: int

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Game:
    """A regular-season game; its outcome exists from generation, `now` decides what a source reveals."""

    game_id: str  # "0022600001"
    sequence: int  # order within its ET date, from 1
    date_et: date
    tipoff_utc: datetime
    home: str
    away: str
    home_score: int
    away_score: int
    periods: int  # 4, or 5+ after overtime

    @property
    def final_at(self) -> datetime:
        return self.tipoff_utc + GAME_LENGTH + timedelta(minutes=12 * (self.periods - 4))

    @property
    def game_code(self) -> str:
        return f"{self.date_et:%Y%m%d}/{self.away}{self.home}"

    def status(self, now: datetime) -> int:
        """NBA.com gameStatus at `now`: 1 scheduled, 2 live, 3 final."""
        if now >= self.final_at:
            return 3
        return 2 if now >= self.tipoff_utc else 1

    def scores(self, now: datetime) -> tuple[int, int]:
        """(home, away) as shown at `now`: 0-0 before tip-off, pro rata while live, final after."""
        status = self.status(now)
        if status == 1:
            return 0, 0
        if status == 3:
            return self.home_score, self.away_score
        share = (now - self.tipoff_utc) / (self.final_at - self.tipoff_utc)
        return int(self.home_score * share), int(self.away_score * share)


@dataclass(frozen=True, slots=True)
class BoxLine:
    """One player's line in one final game; pts == 2*fgm + fg3m + ftm by construction."""

    game_id: str
    player_id: int
    team: str
    starter: bool
    minutes: int
    fgm: int
    fga: int
    fg3m: int
    fg3a: int
    ftm: int
    fta: int
    oreb: int
    dreb: int
    ast: int
    stl: int
    blk: int
    tov: int
    pf: int
    pts: int
    plus_minus: int

    @property
    def reb(self) -> int:
        return self.oreb + self.dreb


@dataclass(frozen=True, slots=True)
class InjurySpell:
    """A player unavailable (Out) or uncertain (Day-To-Day) from `start` through `end`, ET dates."""

    player_id: int
    team: str
    status: str  # "Out" | "Day-To-Day"
    body_part: str
    start: date
    end: date
    reported_at: datetime

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Official:
    """A referee: NBA.com person code and jersey number."""

    code: int
    name: str
    jersey: str


@dataclass(frozen=True, slots=True)
class LineMove:
    """A book's points line and American prices from `at` on."""

    at: datetime
    line: float
    over_price: int
    under_price: int


@dataclass(frozen=True, slots=True)
class PropLine:
    """One book's player-points market for one game: the opening line then its moves, in time order."""

    game_id: str
    player_id: int
    book: str  # Book.key
    moves: tuple[LineMove, ...]

    @property
    def opening(self) -> LineMove:
        return self.moves[0]

    def at(self, now: datetime) -> LineMove | None:
        """The line in force at `now`, None before the book posted it."""
        current = None
        for move in self.moves:
            if move.at > now:
                break
            current = move
        return current


@dataclass(frozen=True, slots=True)
class Book:
    """A sportsbook as the Odds API (key, title) and BettingPros (numeric id) name it."""

    key: str
    title: str
    bp_id: int


BOOKS = (
    Book("draftkings", "DraftKings", 12),
    Book("fanduel", "FanDuel", 10),
    Book("betmgm", "BetMGM", 19),
    Book("williamhill_us", "Caesars", 13),
    Book("betrivers", "BetRivers", 18),
    Book("espnbet", "ESPN BET", 33),
)
