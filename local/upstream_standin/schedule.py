"""An 82-game-per-team regular season: NBA matchup formula, dates US/Eastern, typical ET tip-off times in UTC."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from local.upstream_standin.league import Team
from shared.eastern import ET

# Relative share of a day's games by weekday (Mon..Sun), as the real schedule leans.
_WEEKDAY_WEIGHT = (0.9, 1.0, 1.3, 0.6, 1.3, 1.0, 0.9)
_TIPS_ET = {  # home team's time zone → usual ET tip-offs
    "America/New_York": [(19, 0), (19, 30)],
    "America/Toronto": [(19, 0), (19, 30)],
    "America/Chicago": [(20, 0), (20, 30)],
    "America/Denver": [(21, 0)],
    "America/Phoenix": [(21, 0), (22, 0)],
    "America/Los_Angeles": [(22, 0), (22, 30)],
}


@dataclass(frozen=True, slots=True)
class Fixture:
    """A scheduled game before it is played."""

    game_id: str
    sequence: int
    date_et: date
    tipoff_utc: datetime
    home: str
    away: str


def matchups(teams: tuple[Team, ...], rng: random.Random) -> list[tuple[str, str]]:
    """(home, away) pairs: 4 vs division, 3 or 4 vs the conference's other ten, 2 vs the other conference."""
    divisions: dict[str, dict[str, list[str]]] = {}
    for team in teams:
        divisions.setdefault(team.conference, {}).setdefault(team.division, []).append(team.tricode)
    games: list[tuple[str, str]] = []

    def series(a: str, b: str, a_home: int, b_home: int) -> None:
        games.extend([(a, b)] * a_home + [(b, a)] * b_home)

    for conf in divisions.values():
        divs = [conf[name] for name in sorted(conf)]
        for div in divs:
            rng.shuffle(div)
            for i, a in enumerate(div):
                for b in div[i + 1 :]:
                    series(a, b, 2, 2)
        for d in range(3):
            for e in range(d + 1, 3):
                for s, a in enumerate(divs[d]):
                    for t, b in enumerate(divs[e]):
                        offset = (t - s) % 5  # a 4-regular "three-game" relation, each team 2 extra home games
                        series(a, b, *((2, 1) if offset == 0 else (1, 2) if offset == 1 else (2, 2)))
    east, west = (sorted(t.tricode for t in teams if t.conference == c) for c in ("East", "West"))
    for a in east:
        for b in west:
            series(a, b, 1, 1)
    return games


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def game_days(start_year: int) -> list[date]:
    """Opening night 20 Oct to 11 Apr, without Thanksgiving, Christmas Eve and the All-Star break."""
    all_star = _nth_weekday(start_year + 1, 2, 6, 3)
    off = {_nth_weekday(start_year, 11, 3, 4), date(start_year, 12, 24)}
    off |= {all_star + timedelta(days=d) for d in range(-3, 3)}
    day, end, days = date(start_year, 10, 20), date(start_year + 1, 4, 11), []
    while day <= end:
        if day not in off:
            days.append(day)
        day += timedelta(days=1)
    return days


def build(teams: tuple[Team, ...], seed: int, start_year: int) -> list[Fixture]:
    """Every game dated and timed; no team plays twice on a day or three days running."""
    rng = random.Random(f"schedule:{seed}:{start_year}")
    remaining = matchups(teams, rng)
    rng.shuffle(remaining)
    left = {t.tricode: 82 for t in teams}
    tz = {t.tricode: t.tz for t in teams}
    days = game_days(start_year)
    dated: list[tuple[date, str, str]] = []
    recent: list[set[str]] = [set(), set()]
    index = 0
    while remaining:
        day = days[index] if index < len(days) else days[-1] + timedelta(days=index - len(days) + 1)
        days_left = max(1, len(days) - index)
        target = 2 if index == 0 else round(len(remaining) / days_left * _WEEKDAY_WEIGHT[day.weekday()])
        target = min(15, max(2, target)) if days_left > 1 else 15
        tiebreak = {pair: rng.random() for pair in sorted(set(remaining))}  # sorted: set order varies by process
        remaining.sort(key=lambda g: (-(left[g[0]] + left[g[1]]), tiebreak[g]))
        busy: set[str] = set()
        today: list[tuple[str, str]] = []
        for tired in (recent[-1], recent[-1] & recent[-2]):  # first without back-to-backs, then without 3-in-3
            for game in remaining:
                if len(today) >= target:
                    break
                if not (busy.isdisjoint(game) and tired.isdisjoint(game)):
                    continue
                busy.update(game)
                today.append(game)
        remaining = _without(remaining, today)
        for home, away in today:
            left[home] -= 1
            left[away] -= 1
            dated.append((day, home, away))
        recent = [recent[-1], busy]
        index += 1
    return _timed(dated, tz, start_year, rng)


def _without(games: list[tuple[str, str]], taken: list[tuple[str, str]]) -> list[tuple[str, str]]:
    rest = list(games)
    for game in taken:
        rest.remove(game)
    return rest


def _timed(
    dated: list[tuple[date, str, str]], tz: dict[str, str], start_year: int, rng: random.Random
) -> list[Fixture]:
    timed = []
    for day, home, away in dated:
        hour, minute = rng.choice(_TIPS_ET[tz[home]])
        if day.weekday() >= 5 and rng.random() < 0.2:
            hour, minute = rng.choice([(13, 0), (15, 30), (18, 0)])
        tip = datetime.combine(day, time(hour, minute), tzinfo=ET).astimezone(UTC)
        timed.append((day, tip, home, away))
    timed.sort(key=lambda g: (g[0], g[1], g[2]))
    fixtures, sequence, previous = [], 0, None
    for number, (day, tip, home, away) in enumerate(timed, start=1):
        sequence = sequence + 1 if day == previous else 1
        previous = day
        fixtures.append(Fixture(f"002{start_year % 100:02d}{number:05d}", sequence, day, tip, home, away))
    return fixtures
