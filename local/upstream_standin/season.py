"""`generate_season(seed)`: the whole synthetic season, pure and deterministic, with lookups the server needs."""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, datetime

from local.upstream_standin import boxscores, injuries, officials, props, rosters, schedule
from local.upstream_standin.league import Team, load_player_pool, load_teams
from local.upstream_standin.model import BoxLine, Game, InjurySpell, Official, Player, PropLine


@dataclass
class Season:
    """Teams, rosters, games with their outcomes, box scores, injuries, referees; prop lines on demand."""

    seed: int
    start_year: int
    teams: tuple[Team, ...]
    players: tuple[Player, ...]
    games: tuple[Game, ...]
    box_scores: dict[str, tuple[BoxLine, ...]]
    injuries: tuple[InjurySpell, ...]
    officials: tuple[Official, ...]
    referees: dict[str, tuple[Official, ...]]
    replay_officials: dict[date, tuple[Official, ...]]
    _index: dict[str, dict] = field(default_factory=dict, repr=False)
    _props: dict[str, tuple[PropLine, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index["team"] = {t.tricode: t for t in self.teams}
        self._index["player"] = {p.player_id: p for p in self.players}
        self._index["game"] = {g.game_id: g for g in self.games}
        by_day: dict[date, list[Game]] = {}
        for game in self.games:
            by_day.setdefault(game.date_et, []).append(game)
        self._index["day"] = by_day
        roster: dict[str, list[Player]] = {}
        for player in self.players:
            roster.setdefault(player.team, []).append(player)
        self._index["roster"] = roster
        spells: dict[int, list[InjurySpell]] = {}
        for spell in self.injuries:
            spells.setdefault(spell.player_id, []).append(spell)
        self._index["spells"] = spells
        history: dict[int, tuple[list[date], list[int]]] = {}
        for game in self.games:
            for line in self.box_scores[game.game_id]:
                days, points = history.setdefault(line.player_id, ([], []))
                days.append(game.date_et)
                points.append(line.pts)
        self._index["history"] = history

    @property
    def label(self) -> str:
        """NBA.com seasonYear, e.g. "2026-27"."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def team(self, tricode: str) -> Team:
        return self._index["team"][tricode]

    def player(self, player_id: int) -> Player:
        return self._index["player"][player_id]

    def roster(self, tricode: str) -> list[Player]:
        return self._index["roster"][tricode]

    def game(self, game_id: str) -> Game | None:
        return self._index["game"].get(game_id)

    def games_on(self, day: date) -> list[Game]:
        return self._index["day"].get(day, [])

    def is_out(self, player: Player, day: date) -> bool:
        return any(s.status == "Out" and s.covers(day) for s in self._index["spells"].get(player.player_id, ()))

    def injuries_listed(self, now: datetime) -> list[InjurySpell]:
        """The injury report as of `now` (one entry per listed player)."""
        return injuries.listed_on(self.injuries, now)

    def scoring_average(self, player: Player, before: date) -> float:
        """Mean points over his last ten games before `before`, shrunk to his role early in the season."""
        days, points = self._index["history"].get(player.player_id, ([], []))
        recent = points[max(0, bisect.bisect_left(days, before) - 10) : bisect.bisect_left(days, before)]
        prior = player.ppg * 0.9
        return (sum(recent) + prior * 3) / (len(recent) + 3)

    def prop_lines(self, game_id: str) -> tuple[PropLine, ...]:
        """Every book's points line for every posted player of the game (any game, past or future)."""
        cached = self._props.get(game_id)
        if cached is None:
            game = self._index["game"][game_id]
            players = self.roster(game.home) + self.roster(game.away)
            cached = props.lines_for(
                game,
                players,
                lambda p: self.is_out(p, game.date_et),
                lambda p: self.scoring_average(p, game.date_et),
                self.seed,
            )
            self._props[game_id] = cached
        return cached


def generate_season(seed: int, start_year: int = 2026) -> Season:
    """The season of `start_year`-(`start_year`+1) for `seed`: same inputs, same season."""
    teams = load_teams()
    players = rosters.deal(load_player_pool(), teams, seed, start_year)
    fixtures = schedule.build(teams, seed, start_year)
    spells = injuries.spells(players, seed, fixtures[0].date_et, fixtures[-1].date_et)
    out_days: dict[int, list[InjurySpell]] = {}
    for spell in spells:
        out_days.setdefault(spell.player_id, []).append(spell)
    by_team: dict[str, list[Player]] = {}
    for player in players:
        by_team.setdefault(player.team, []).append(player)
    games, box = [], {}
    for fixture in fixtures:

        def available(player: Player, rng: random.Random, day: date = fixture.date_et) -> bool:
            statuses = {s.status for s in out_days.get(player.player_id, ()) if s.covers(day)}
            return "Out" not in statuses and ("Day-To-Day" not in statuses or rng.random() < 0.6)

        home, away, periods, lines = boxscores.play(fixture, by_team, available, seed)
        games.append(
            Game(
                fixture.game_id,
                fixture.sequence,
                fixture.date_et,
                fixture.tipoff_utc,
                fixture.home,
                fixture.away,
                home,
                away,
                periods,
            )
        )
        box[fixture.game_id] = tuple(lines)
    pool = officials.pool(seed)
    per_game, replay = officials.crews(fixtures, pool, seed)
    return Season(seed, start_year, teams, players, tuple(games), box, spells, pool, per_game, replay)
