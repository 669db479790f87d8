"""Real-world spellings from books and box scores resolve to the right player; look-alikes go to the queue."""

import pytest

from shared.errors import BadRequest
from shared.players import Candidate, Game, Resolver, load_rules
from tests.unit.players.conftest import DAY, LEAGUE, candidates, everyone, game

IDS = {name: pid for players in LEAGUE.values() for pid, name in players}
TEAM = {name: team for team, players in LEAGUE.items() for _, name in players}

# (as a source printed it, the registry's spelling): punctuation, suffixes, nicknames, accents, hyphens, initials.
VARIANTS = [
    ("PJ Washington", "P.J. Washington"),
    ("P. J. Washington", "P.J. Washington"),
    ("P.J. Washington Jr.", "P.J. Washington"),
    ("Luka Doncic", "Luka Dončić"),
    ("LUKA DONCIC", "Luka Dončić"),
    ("Alperen Sengun", "Alperen Şengün"),
    ("Alperen Şengün", "Alperen Şengün"),
    ("Jabari Smith", "Jabari Smith Jr."),
    ("Jabari Smith Jr", "Jabari Smith Jr."),
    ("Jabari Smith, Jr.", "Jabari Smith Jr."),
    ("Moe Wagner", "Moritz Wagner"),
    ("Mo Wagner", "Moritz Wagner"),
    ("Shai Gilgeous Alexander", "Shai Gilgeous-Alexander"),
    ("Shai Gilgeous-Alexander", "Shai Gilgeous-Alexander"),
    ("Lu Dort", "Luguentz Dort"),
    ("Kristaps Porzingis", "Kristaps Porziņģis"),
    ("Xavier Tillman", "Xavier Tillman Sr."),
    ("Xavier Tillman Sr", "Xavier Tillman Sr."),
    ("Jaime Jaquez", "Jaime Jaquez Jr."),
    ("Jaime Jaquez Jr", "Jaime Jaquez Jr."),
    ("Jaime E. Jaquez Jr.", "Jaime Jaquez Jr."),
    ("Kelly Oubre", "Kelly Oubre Jr."),
    ("Kelly Oubre Junior", "Kelly Oubre Jr."),
    ("Nikola Jokic", "Nikola Jokić"),
    ("Mike Porter Jr.", "Michael Porter Jr."),
    ("Michael Porter", "Michael Porter Jr."),
    ("Cam Johnson", "Cameron Johnson"),
    ("KJ Martin", "Kenyon Martin Jr."),
    ("Kenyon Martin", "Kenyon Martin Jr."),
    ("DeAaron Fox", "De'Aaron Fox"),
    ("De’Aaron Fox", "De'Aaron Fox"),
    ("Marvin Bagley", "Marvin Bagley III"),
    ("Marvin Bagley 3rd", "Marvin Bagley III"),
    ("Trey Murphy", "Trey Murphy III"),
    ("Herb Jones", "Herbert Jones"),
    ("Nickeil Alexander Walker", "Nickeil Alexander-Walker"),
    ("O.G. Anunoby", "OG Anunoby"),
    ("Karl Anthony Towns", "Karl-Anthony Towns"),
    ("Kenny Williams", "Kenrich Williams"),
    ("Nic Claxton", "Nicolas Claxton"),
    ("Josh Hart", "Josh Hart"),
    ("Terry Rozier", "Terry Rozier III"),
    ("Naz Reid", "Naz Reid"),
    ("Jalen Williams", "Jalen Williams"),
    ("Jaylin Williams", "Jaylin Williams"),
    ("Giannis Antetokounmpo", "Giannis Antetokounmpo"),
    ("Marcus Morris", "Marcus Morris Sr."),
    ("Jayson Tatum ", "Jayson Tatum"),
    ("B. James", "Bronny James"),  # the one B. James of the two teams
    ("N. Jokic", "Nikola Jokić"),
    ("A. Thompson", "Amen Thompson"),
    ("Tatum, Jayson", "Jayson Tatum"),
    ("Smith Jr., Jabari", "Jabari Smith Jr."),
    ("Porter Jr., Michael", "Michael Porter Jr."),
    ("Nicolas Claxton", "Nicolas Claxton"),
]


@pytest.mark.parametrize(("raw", "registry_name"), VARIANTS)
def test_variant_resolves_to_its_player(resolver, raw, registry_name):
    team = TEAM[registry_name]
    found = resolver.resolve("bettingpros", raw, game(team), candidates(team))
    assert (found.player_id, found.method in ("exact", "rule", "initial", "fuzzy")) == (IDS[registry_name], True), found


def test_there_are_at_least_40_variant_pairs_and_most_need_more_than_exact_matching(resolver):
    methods = [resolver.resolve("odds_api", raw, game(TEAM[n]), candidates(TEAM[n])).method for raw, n in VARIANTS]
    not_exact = [m for m in methods if m != "exact"]
    assert len(VARIANTS) >= 40 and len(not_exact) >= 15


# A raw name two players on these teams could be, or none clearly: never guessed.
AMBIGUOUS = [
    ("J. Williams", "OKC"),  # Jalen or Jaylin
    ("Jalin Williams", "OKC"),  # one letter from each
    ("Jaelin Williams", "OKC"),
    ("Williams", "OKC"),
    ("Wagner", "ORL"),  # Moritz or Franz
    ("F. Wagner Jr.", "ORL"),
    ("M. Morris", "MIL"),  # Marcus or Markieff
    ("Mar Morris", "MIL"),
    ("Antetokounmpo", "MIL"),  # Giannis or Thanasis
    ("James", "LAL"),  # LeBron or Bronny
    ("Jalen", "DAL"),  # Brunson (DAL) or Green (HOU)
    ("Nickeil", "MIN"),
]


@pytest.mark.parametrize(("raw", "team"), AMBIGUOUS)
def test_look_alikes_go_to_the_queue_with_candidates(resolver, raw, team):
    found = resolver.resolve("bettingpros", raw, game(team), candidates(team))
    assert found.player_id is None and found.method in ("ambiguous", "no_match", "suffix_conflict")
    assert found.candidates and all(c.player_id in IDS.values() for c in found.candidates)
    assert list(found.candidates) == sorted(found.candidates, key=lambda c: (-c.score, c.player_id))


def test_two_registry_players_with_one_normalised_name_are_ambiguous_even_when_exact(resolver):
    twins = [Candidate("a", "Jalen Williams", "OKC"), Candidate("b", "Jalen Williams", "ORL")]
    found = resolver.resolve("odds_api", "Jalen Williams", Game(DAY, ("OKC", "ORL")), twins)
    assert (found.player_id, found.method, {c.player_id for c in found.candidates}) == (None, "ambiguous", {"a", "b"})


def test_a_name_from_another_game_is_never_matched_outside_the_two_teams(resolver):
    found = resolver.resolve("bettingpros", "Luka Doncic", game("BOS"), everyone())
    assert found.player_id is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("", "empty_name"), ("   ", "empty_name"), ("...", "empty_name"), ("'-,.", "empty_name"),
     ("x" * 500, "name_too_long"), ("Luka " + "D" * 495, "name_too_long")],
)  # fmt: skip
def test_bad_names_are_unresolved_rows_not_crashes(resolver, raw, reason):
    found = resolver.resolve("odds_api", raw, game("DAL"), candidates("DAL"))
    assert (found.player_id, found.method) == (None, reason)


def test_a_team_with_no_registry_players_is_unresolved(resolver):
    assert resolver.resolve("odds_api", "Luka Doncic", game("DAL"), []).method == "no_candidates"


def test_unknown_source_is_a_clear_error_naming_the_field(resolver):
    with pytest.raises(BadRequest) as caught:
        resolver.resolve("draftkings", "Luka Doncic", game("DAL"), candidates("DAL"))
    assert caught.value.field == "source" and "bettingpros" in caught.value.message


def test_alias_and_source_id_come_first_but_only_inside_the_game():
    rules = load_rules()
    resolver = Resolver(
        rules, aliases={("bettingpros", "thebeard"): "1629029"}, source_ids={("espn", "3945274"): "1629029"}
    )
    assert resolver.resolve("bettingpros", "The Beard", game("DAL"), candidates("DAL")).method == "alias"
    assert resolver.resolve("espn", "L. D.", game("DAL"), candidates("DAL"), source_id="3945274").method == "source_id"
    assert resolver.resolve("bettingpros", "The Beard", game("BOS"), candidates("BOS")).player_id is None


def test_fuzzy_needs_both_threshold_and_margin():
    rules = load_rules()
    typo = Resolver(rules).resolve("odds_api", "Jayson Tatumm", game("BOS"), candidates("BOS"))
    assert (typo.player_id, typo.method) == ("1628369", "fuzzy")
    assert typo.score is not None and typo.score >= rules.fuzzy_threshold
    strict = Resolver(rules.__class__(**{**rules.__dict__, "fuzzy_threshold": 99.0}))
    assert strict.resolve("odds_api", "Jayson Tatumm", game("BOS"), candidates("BOS")).player_id is None


@pytest.mark.parametrize(
    ("raw", "team"),
    [("Mark Williams", "OKC"), ("Jalen Green", "OKC"), ("Franz Wagner", "DAL"), ("Marcus Morris", "LAL")],
)
def test_a_player_of_another_team_is_not_matched_to_a_namesake_in_this_game(resolver, raw, team):
    found = resolver.resolve("odds_api", raw, game(team), candidates(team))
    assert found.player_id is None, found
