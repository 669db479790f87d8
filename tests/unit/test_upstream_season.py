"""The stand-in's synthetic season: a real-looking league, consistent box scores, lines near averages, seeded."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from local.upstream_standin import rosters, schedule
from local.upstream_standin.league import load_player_pool, load_teams
from local.upstream_standin.model import BOOKS, GAME_LENGTH
from local.upstream_standin.props import american_to_prob
from local.upstream_standin.rosters import ROSTER_SIZE, is_distinctive
from local.upstream_standin.season import Season, generate_season
from local.upstream_standin.server import cached_season
from shared.eastern import ET


@pytest.fixture(scope="module")
def season() -> Season:
    return cached_season(1)


def test_thirty_real_teams_with_nba_ids_and_per_source_codes(season):
    assert len(season.teams) == 30
    assert len({t.tricode for t in season.teams}) == 30
    assert {t.team_id for t in season.teams} == set(range(1610612737, 1610612767))
    assert sorted(t.bdl_id for t in season.teams) == list(range(1, 31))
    assert season.team("BOS").bdl_id == 2 and season.team("PHI").bdl_id == 23  # as in the real BDL samples
    espn = {t.tricode: t.espn_abbr for t in season.teams}
    assert (espn["GSW"], espn["NYK"], espn["NOP"], espn["SAS"], espn["UTA"], espn["WAS"]) == (
        "GS", "NY", "NO", "SA", "UTAH", "WSH"
    )  # fmt: skip


def test_every_team_plays_82_games_41_at_home(season):
    played: Counter[str] = Counter()
    home: Counter[str] = Counter()
    for game in season.games:
        played.update((game.home, game.away))
        home[game.home] += 1
    assert len(season.games) == 1230
    assert set(played.values()) == {82}
    assert set(home.values()) == {41}


def test_no_team_twice_on_a_day_and_dates_span_the_season(season):
    by_day: defaultdict[date, list[str]] = defaultdict(list)
    for game in season.games:
        by_day[game.date_et] += [game.home, game.away]
    assert all(len(teams) == len(set(teams)) for teams in by_day.values())
    assert min(by_day) == date(2026, 10, 20)
    assert date(2027, 4, 5) <= max(by_day) <= date(2027, 4, 20)


def test_game_ids_dates_and_tip_offs_are_nba_shaped(season):
    ids = [g.game_id for g in season.games]
    assert ids == [f"00226{n:05d}" for n in range(1, 1231)]
    for game in season.games:
        tip_et = game.tipoff_utc.astimezone(ET)
        assert tip_et.date() == game.date_et  # the game date is the US/Eastern date
        assert 12 <= tip_et.hour <= 22
        assert game.tipoff_utc.utcoffset() == timedelta(0)
        assert game.game_code == f"{game.date_et:%Y%m%d}/{game.away}{game.home}"


def test_box_scores_add_up(season):
    for game in season.games:
        lines = season.box_scores[game.game_id]
        for line in lines:
            assert line.pts == 2 * line.fgm + line.fg3m + line.ftm
            assert 0 <= line.fg3m <= line.fg3a <= line.fga and line.fg3m <= line.fgm <= line.fga
            assert 0 <= line.ftm <= line.fta
        for side, score in ((game.home, game.home_score), (game.away, game.away_score)):
            team = [b for b in lines if b.team == side]
            assert sum(b.pts for b in team) == score
            assert sum(b.minutes for b in team) == 240 + 25 * (game.periods - 4)
            assert sum(b.starter for b in team) == 5
        assert game.home_score != game.away_score


def test_scores_and_minutes_are_plausible(season):
    scores = [g.home_score for g in season.games] + [g.away_score for g in season.games]
    assert 105 <= sum(scores) / len(scores) <= 125
    lines = [b for g in season.games for b in season.box_scores[g.game_id]]
    assert 26_000 <= len(lines) <= 32_000
    assert max(b.minutes for b in lines) <= 55
    assert 0.43 <= sum(b.fgm for b in lines) / sum(b.fga for b in lines) <= 0.5


def test_players_ruled_out_do_not_play(season):
    played = {(b.player_id, g.date_et) for g in season.games for b in season.box_scores[g.game_id]}
    outs = [(s.player_id, s.start + timedelta(days=d)) for s in season.injuries if s.status == "Out"
            for d in range((s.end - s.start).days + 1)]  # fmt: skip
    assert outs
    assert not played.intersection(outs)


def test_rosters_hold_fifteen_and_every_distinctive_name(season):
    per_team = Counter(p.team for p in season.players)
    assert set(per_team.values()) == {ROSTER_SIZE}
    names = [p.full_name for p in season.players]
    assert len(set(p.player_id for p in season.players)) == len(names)
    assert sum(any(ord(c) > 127 for c in n) for n in names) >= 20  # accents: Jokić, Dončić, Porziņģis …
    assert sum(n.split()[-1] in {"Jr.", "II", "III"} for n in names) >= 25
    assert sum("'" in n for n in names) >= 8 and sum("-" in n for n in names) >= 6
    assert sum(is_distinctive(n) for n in names) >= 70
    assert "Ernest Udeh Jr." in names  # nba_api's shuffled row repaired


@pytest.mark.parametrize(
    ("offset", "status", "scores_shown"),
    [(-timedelta(minutes=1), 1, False), (timedelta(minutes=30), 2, True), (GAME_LENGTH, 3, True)],
)
def test_status_and_scores_follow_now(season, offset, status, scores_shown):
    game = season.games[500]
    now = game.tipoff_utc + offset + (timedelta(minutes=12 * (game.periods - 4)) if status == 3 else timedelta(0))
    assert game.status(now) == status
    home, away = game.scores(now)
    assert (home > 0 and away > 0) is scores_shown
    if status == 3:
        assert (home, away) == (game.home_score, game.away_score)


def test_prop_lines_sit_near_the_scoring_average_with_several_books(season):
    game = season.games_on(date(2026, 11, 28))[0]
    props = season.prop_lines(game.game_id)
    assert props is season.prop_lines(game.game_id)  # cached
    books_per_player = Counter(p.player_id for p in props)
    assert len(books_per_player) >= 12
    assert max(books_per_player.values()) >= 4 and {p.book for p in props} == {b.key for b in BOOKS}
    for prop in props:
        player = season.player(prop.player_id)
        assert abs(prop.opening.line - season.scoring_average(player, game.date_et)) <= 5.5
        times = [m.at for m in prop.moves]
        assert times == sorted(times) and times[-1] < game.tipoff_utc
        assert times[0] >= datetime.combine(game.date_et - timedelta(days=1), datetime.min.time(), ET)
        for move in prop.moves:
            assert abs(move.over_price) >= 100 and abs(move.under_price) >= 100
            assert 1.0 < american_to_prob(move.over_price) + american_to_prob(move.under_price) < 1.1
    assert any(len(p.moves) > 1 for p in props)  # lines move
    assert prop.at(times[0] - timedelta(seconds=1)) is None and prop.at(game.tipoff_utc) == prop.moves[-1]


def test_injury_report_is_a_few_dozen_players_midseason(season):
    listed = season.injuries_listed(datetime(2027, 1, 15, 17, tzinfo=UTC))
    assert 15 <= len(listed) <= 80
    assert {s.status for s in listed} == {"Out", "Day-To-Day"}
    assert len({s.player_id for s in listed}) == len(listed)


def test_same_seed_same_season_other_seed_another(season):
    again = generate_season(1)
    assert again.games == season.games and again.players == season.players and again.injuries == season.injuries
    assert again.box_scores["0022600999"] == season.box_scores["0022600999"]
    assert again.prop_lines("0022600400") == season.prop_lines("0022600400")
    teams, pool = load_teams(), load_player_pool()
    assert schedule.build(teams, 2, 2026) != schedule.build(teams, 1, 2026)
    assert rosters.deal(pool, teams, 2, 2026) != rosters.deal(pool, teams, 1, 2026)
