"""Each upstream spells names its own way, deterministically: accents, suffixes, nicknames, initials."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from local.upstream_standin.model import Player
from local.upstream_standin.props import MIN_MPG
from local.upstream_standin.rosters import NEAR_TWINS
from local.upstream_standin.server import cached_season
from local.upstream_standin.spelling import (
    SOURCES,
    absent_from_espn,
    ascii_fold,
    drops_suffix,
    keeps_accents,
    listed_team,
    middle_initial,
    slug,
    spell,
)
from shared.names import player_lookup
from shared.players.normalise import parts

BASE = Player(
    player_id=1, first_name="", last_name="", team="BOS", position="G", jersey="1", height_in=75, weight=200,
    mpg=30.0, ppg=15.0, bdl_id=1, espn_id="1", bp_id="1", birth_date=date(2000, 1, 1), country="USA",
    college=None, draft_year=None, draft_round=None, draft_number=None, experience=3,
)  # fmt: skip


def named(first: str, last: str) -> Player:
    return replace(BASE, first_name=first, last_name=last)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("Nikola", "Jokić", {"nbacom": "Nikola Jokić", "espn": "Nikola Jokić", "bdl": "Nikola Jokic",
                             "odds_api": "Nikola Jokic", "bettingpros": "Nikola Jokic"}),
        ("Kristaps", "Porziņģis", {"espn": "Kristaps Porziņģis", "bdl": "Kristaps Porzingis"}),
        ("Egor", "Dëmin", {"odds_api": "Egor Demin"}),
        ("De'Aaron", "Fox", {"nbacom": "De'Aaron Fox", "bdl": "De'Aaron Fox", "bettingpros": "De'Aaron Fox"}),
        ("Shai", "Gilgeous-Alexander", {"bettingpros": "Shai Gilgeous-Alexander"}),
        ("Jaren", "Jackson Jr.", {"odds_api": "Jaren Jackson Jr", "bdl": "Jaren Jackson Jr."}),
        ("Herbert", "Jones", {"nbacom": "Herbert Jones", "bettingpros": "Herb Jones"}),
        ("P.J.", "Washington", {"espn": "P.J. Washington", "bettingpros": "PJ Washington"}),
    ],
)  # fmt: skip
def test_spelling_per_source(first, last, expected):
    player = named(first, last)
    for source, name in expected.items():
        assert spell(player, source) == name


def test_bettingpros_drops_the_suffix_for_about_half_and_always_the_same_half():
    suffixed = [named(f, last) for f, last in [("Jimmy", "Butler III"), ("Trey", "Murphy III"), ("Gary", "Trent Jr."),
                ("Kelly", "Oubre Jr."), ("Larry", "Nance Jr."), ("Dereck", "Lively II"), ("Gary", "Payton II"),
                ("Michael", "Porter Jr."), ("Jabari", "Smith Jr."), ("Tim", "Hardaway Jr.")]]  # fmt: skip
    dropped = [p for p in suffixed if drops_suffix(p)]
    assert 2 <= len(dropped) <= 8
    for player in dropped:
        assert spell(player, "bettingpros") == f"{player.first_name.replace('Michael', 'Mike')} " + " ".join(
            player.last_name.split()[:-1]
        )
        assert parts(spell(player, "odds_api")).suffix  # the Odds API keeps it
    assert [drops_suffix(p) for p in suffixed] == [drops_suffix(p) for p in suffixed]


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="unknown source"):
        spell(named("A", "B"), "nba_stats")


@pytest.mark.parametrize(("text", "folded"), [("Dončić", "Doncic"), ("Schröder", "Schroder"), ("Nurkić", "Nurkic")])
def test_ascii_fold_keeps_case(text, folded):
    assert ascii_fold(text) == folded


def test_slug_is_lowercase_ascii_with_hyphens():
    assert slug(named("De'Aaron", "Fox")) == "de-aaron-fox"
    assert slug(named("Luka", "Dončić")) == "luka-doncic"


def test_a_generated_season_gives_the_pipeline_real_reconciliation_work():
    season = cached_season(1)
    spelled = {source: [spell(p, source) for p in season.players] for source in SOURCES}
    differs = sum(a != b for a, b in zip(spelled["espn"], spelled["bdl"], strict=True))
    assert differs >= 15  # accents folded
    lookups_differ = sum(
        player_lookup(a) != player_lookup(b) for a, b in zip(spelled["odds_api"], spelled["bettingpros"], strict=True)
    )
    assert lookups_differ >= 5  # dropped suffixes and nicknames survive normalisation


def test_the_harder_spellings_are_there_and_stable():
    season = cached_season(1)
    tricodes = tuple(t.tricode for t in season.teams)
    odds = [spell(p, "odds_api") for p in season.players]
    assert sum(bool(middle_initial(p)) for p in season.players) >= 10  # 'Jaime E. Jaquez Jr.'
    assert any(name.endswith(" Jr") for name in odds) and any(name.endswith(" Jr.") for name in odds)
    kept = [p for p in season.players if any(ord(c) > 127 for c in p.full_name) and keeps_accents(p)]
    assert kept and all(spell(p, "bettingpros") != ascii_fold(spell(p, "bettingpros")) for p in kept)
    stale = [p for p in season.players if listed_team(p, tricodes) != p.team]
    assert 3 <= len(stale) <= 20 and all(listed_team(p, tricodes) in tricodes for p in stale)
    two_way = [p for p in season.players if absent_from_espn(p, season.roster(p.team))]
    assert 5 <= len(two_way) <= 15 and len({p.team for p in two_way}) == len(two_way)
    twins = [p for p in season.players if p.full_name in NEAR_TWINS]
    assert len(twins) == 2 and twins[0].team == twins[1].team and min(p.mpg for p in twins) >= MIN_MPG
