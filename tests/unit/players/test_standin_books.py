"""The stand-in's books are as hard as real ones every game day, and every name they print resolves to its player."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from local.upstream_standin.first_names import LONG_FORMS, NICKNAMES, PACKAGE_NICKNAMES, book_first
from local.upstream_standin.model import Player
from local.upstream_standin.rosters import FATHER_AND_SON, LOOK_ALIKES
from local.upstream_standin.server import cached_season
from local.upstream_standin.spelling import drops_suffix, spell
from shared.players import Candidate, Game, Resolver, load_rules
from shared.players.nicknames import Nicknames, folded, package_pairs
from shared.players.normalise import parts

SEASON = cached_season(1)
RESOLVER = Resolver(load_rules())
BOOKS = ("odds_api", "bettingpros")
ROSTERS: dict[str, list[Candidate]] = defaultdict(list)
for _p in SEASON.players:
    ROSTERS[_p.team].append(Candidate(str(_p.player_id), _p.full_name, _p.team))


def test_every_book_spelling_resolves_to_its_player_against_every_opponent():
    wrong = []
    for player in SEASON.players:
        for source in BOOKS:
            raw = spell(player, source)
            for other in ROSTERS:
                if other == player.team:
                    continue
                game = Game(date(2026, 11, 3), (player.team, other))
                found = RESOLVER.resolve(source, raw, game, ROSTERS[player.team] + ROSTERS[other])
                if found.player_id != str(player.player_id):
                    wrong.append((source, raw, other, found.method))
    assert wrong == []


def _kinds(player: Player, names: set[str]) -> set[str]:
    """What makes this player's book names hard: an initial, 'Last, First', a nickname or a long form."""
    odds, first = spell(player, "odds_api"), book_first(player)
    kinds = {"initial"} if len(parts(odds).first) == 1 and odds.split()[0].endswith(".") else set()
    kinds |= {"last_first"} if "," in odds else set()
    if first != player.first_name:
        kinds.add({True: "package_nickname", False: "long_form"}[player.first_name in PACKAGE_NICKNAMES])
        kinds |= {"old_nickname"} if player.first_name in NICKNAMES else set()
    pair = next((pair for pair in LOOK_ALIKES if player.full_name in pair), None)
    return kinds | ({"look_alike_pair"} if pair and all(n in names for n in pair) else set())


GAME_DAYS = sorted({g.date_et for g in SEASON.games})


@pytest.mark.parametrize("day", GAME_DAYS[:40] + GAME_DAYS[40::10], ids=str)
def test_every_game_day_the_books_print_every_kind_of_hard_name(day):
    lined = {line.player_id for g in SEASON.games if g.date_et == day for line in SEASON.prop_lines(g.game_id)}
    players = [SEASON.player(pid) for pid in lined]
    names = {p.full_name for p in players}
    kinds = set().union(*(_kinds(p, names) for p in players))
    assert kinds >= {"initial", "last_first", "package_nickname", "long_form", "look_alike_pair"}, kinds


def test_the_package_nicknames_are_outside_the_old_list_and_every_printed_form_is_linked():
    package = Nicknames.of(package_pairs())
    assert all(package.same(a.lower(), b.lower()) for a, b in PACKAGE_NICKNAMES.items())
    assert not set(PACKAGE_NICKNAMES) & set(NICKNAMES)
    printed = (NICKNAMES | PACKAGE_NICKNAMES | LONG_FORMS).items()
    assert all(load_rules().same_first_name(folded(a), folded(b)) for a, b in printed)


def test_a_father_and_his_son_play_on_one_team_and_the_books_keep_them_apart():
    father, son = (next(p for p in SEASON.players if p.full_name == n) for n in FATHER_AND_SON)
    assert father.team == son.team and min(father.mpg, son.mpg) >= 17
    assert not drops_suffix(son) and spell(son, "bettingpros") == "Tim Hardaway Jr."
    assert {spell(father, source) for source in BOOKS} <= {"Tim Hardaway", "Hardaway, Tim"}
