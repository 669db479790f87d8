"""Properties over the stand-in's league: resolution stays inside the game, is single-valued, never wrong."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from local.upstream_standin.server import cached_season
from local.upstream_standin.spelling import SOURCES, spell
from shared.players import Candidate, Game, Resolver, load_rules
from shared.players.roster import Roster, resolve_in_game

SEASON = cached_season(1)
TEAMS = sorted({p.team for p in SEASON.players})
RESOLVER = Resolver(load_rules())
DAY = date(2026, 11, 3)


def _roster(teams: list[str]) -> list[Candidate]:
    return [Candidate(str(p.player_id), p.full_name, p.team) for p in SEASON.players if p.team in teams]


@st.composite
def situations(draw):
    """A game between two teams, a registry holding those and other teams, one player spelled by one source."""
    teams = draw(st.lists(st.sampled_from(TEAMS), min_size=2, max_size=4, unique=True))
    pool = [p for p in SEASON.players if p.team in teams]
    player = draw(st.sampled_from(pool))
    source = draw(st.sampled_from(SOURCES))
    return Game(DAY, (teams[0], teams[1])), _roster(teams), player, source


@settings(max_examples=200, deadline=None)
@given(situations(), st.randoms(use_true_random=False))
def test_never_outside_the_two_teams_never_two_answers_never_the_wrong_player(situation, rnd):
    game, roster, player, source = situation
    raw = spell(player, source)
    found = RESOLVER.resolve(source, raw, game, roster)
    in_game = {c.player_id for c in roster if c.team in game.teams}
    assert found.player_id is None or found.player_id in in_game
    shuffled = list(roster)
    rnd.shuffle(shuffled)
    assert RESOLVER.resolve(source, raw, game, shuffled).player_id == found.player_id  # one name, one answer
    if found.player_id is not None:
        assert found.player_id == str(player.player_id)  # a wrong join is worse than none
    if player.team in game.teams:
        assert found.player_id == str(player.player_id), (raw, found)  # every stand-in spelling resolves
    rosters = [Roster.of(t, [c for c in roster if c.team == t]) for t in {c.team for c in roster}]
    indexed = resolve_in_game(RESOLVER, source, raw, game, rosters)
    assert (indexed.player_id, indexed.method) == (found.player_id, found.method)  # the fast path agrees


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.sampled_from(TEAMS), st.sampled_from(TEAMS))
def test_any_text_is_an_answer_or_an_unresolved_row_inside_the_game(raw, home, away):
    roster = _roster([home, away, TEAMS[0]])
    found = RESOLVER.resolve("odds_api", raw, Game(DAY, (home, away)), roster)
    assert found.player_id is None or found.player_id in {c.player_id for c in roster if c.team in (home, away)}
    assert found.resolved == (found.player_id is not None)
