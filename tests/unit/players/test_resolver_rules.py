"""Nicknames from the package and the project, suffixes never contradicted, a bare first initial."""

from datetime import date

import pytest

from shared.errors import ConfigError
from shared.players import Candidate, Game, Resolver, load_rules
from shared.players.nicknames import Nicknames

DAY = date(2026, 11, 3)
GAME = Game(DAY, ("LAL", "POR"))


def league(*rows: str) -> list[Candidate]:
    """'LAL 2544 LeBron James' rows."""
    return [Candidate(pid, name, team) for team, pid, name in (row.split(" ", 2) for row in rows)]


LAKERS = league("LAL 2544 LeBron James", "LAL 1642355 Bronny James", "LAL 1 Austin Reaves")
BLAZERS = league("POR 10 Ronald Holland II", "POR 11 Bub Carrington", "POR 12 Bones Hyland", "POR 13 Nic Claxton")


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_rules())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ron Holland", "10"),  # the package links ron and ronald
        ("Ron Holland II", "10"),
        ("Carlton Carrington", "11"),  # the project's own: bub
        ("Nah'Shon Hyland", "12"),  # the project's own: bones
        ("Nicolas Claxton", "13"),  # a long form against a short registry name
        ("Holland, Ronald", "10"),  # "Last, First"
        ("Reaves, Austin", "1"),
    ],
)
def test_nicknames_and_forms_resolve(resolver, raw, expected):
    found = resolver.resolve("bettingpros", raw, GAME, LAKERS + BLAZERS)
    assert found.player_id == expected, found


def test_a_suffix_never_bridges_to_a_father_while_his_son_plays(resolver):
    found = resolver.resolve("odds_api", "LeBron James Jr.", GAME, LAKERS + BLAZERS)
    assert found.player_id is None and found.method == "suffix_conflict"
    assert {c.player_id for c in found.candidates} == {"2544", "1642355"}  # the James family, for a person
    alone = resolver.resolve("odds_api", "LeBron James Jr.", GAME, [c for c in LAKERS if c.player_id != "1642355"])
    assert alone.player_id == "2544"  # no other James: the book's suffix is noise, as 'P.J. Washington Jr.'


def test_a_different_suffix_is_never_matched_by_rule_or_fuzzy(resolver):
    trents = league("LAL 5 Gary Trent Jr.", "POR 6 Jerami Grant")
    assert resolver.resolve("odds_api", "Gary Trent Sr.", GAME, trents).method == "suffix_conflict"
    assert resolver.resolve("odds_api", "Gary Trentt Sr.", GAME, trents).player_id is None  # fuzzy would say 91
    assert resolver.resolve("odds_api", "Gary Trent", GAME, trents).player_id == "5"
    assert resolver.resolve("odds_api", "Gary Trent Jr", GAME, trents).player_id == "5"


def test_a_suffix_conflict_shows_the_person_the_player_a_nickname_points_to(resolver):
    sixers = league("LAL 40 KJ Martin", "LAL 41 Caleb Martin", "LAL 42 Kelly Oubre Jr.", "LAL 43 Tyrese Maxey",
                    "POR 44 Kevin Martin Jr.", "POR 45 Kyle Martinez")  # fmt: skip
    found = resolver.resolve("odds_api", "Kenyon Martin Jr.", GAME, sixers)
    assert found.method == "suffix_conflict" and "40" in {c.player_id for c in found.candidates}


def test_father_and_son_on_one_team_each_keep_their_own_name(resolver):
    family = league("LAL 7 Tim Hardaway", "LAL 8 Tim Hardaway Jr.")
    assert resolver.resolve("odds_api", "Timothy Hardaway Jr.", GAME, family).player_id == "8"
    assert resolver.resolve("odds_api", "Tim Hardaway Jr", GAME, family).player_id == "8"
    assert resolver.resolve("odds_api", "Tim Hardaway", GAME, family).player_id == "7"
    assert resolver.resolve("odds_api", "Tim Hardaway Sr.", GAME, family).player_id is None  # a person decides
    assert resolver.resolve("odds_api", "Timothy Hardaway", GAME, family).method == "ambiguous"


def test_an_initial_resolves_when_one_player_of_the_two_teams_fits(resolver):
    okc = league("LAL 20 Jalen Williams", "LAL 21 Kenrich Williams", "POR 22 Mark Williams")
    found = resolver.resolve("bettingpros", "J. Williams", GAME, okc)
    assert (found.player_id, found.method) == ("20", "initial")
    assert resolver.resolve("bettingpros", "P. Williams", GAME, okc).player_id is None


def test_an_initial_several_players_fit_is_queued_with_every_one_of_them(resolver):
    many = league(
        "LAL 30 Jalen Williams", "LAL 31 Jaylin Williams", "POR 32 Jaden Williams", "POR 33 Javon Williams",
        "POR 34 Mark Williams",
    )  # fmt: skip
    found = resolver.resolve("bettingpros", "J. Williams", GAME, many)
    assert (found.player_id, found.method) == (None, "ambiguous")
    assert {c.player_id for c in found.candidates} == {"30", "31", "32", "33"}  # more than queue_candidates


def test_distinct_pairs_keep_apart_what_the_package_links():
    linked = Nicknames.of([("jalen", "jaylin"), ("ronald", "ron")])
    assert linked.same("jaylin", "jalen") and linked.same("ron", "ronald")
    apart = Nicknames.of([("jalen", "jaylin"), ("ronald", "ron")], distinct=[["Jalen", "Jaylin"]])
    assert not apart.same("jaylin", "jalen") and apart.same("ron", "ronald")
    assert not load_rules().same_first_name("jalen", "jaylin")


def test_two_nicknames_of_one_name_are_not_linked_unless_a_project_group_says_so():
    nn = Nicknames.of([("aaron", "ron"), ("ronald", "ron")], groups=[["Nah'Shon", "Bones"]])
    assert nn.same("ron", "aaron") and not nn.same("aaron", "ronald")
    assert nn.same("nahshon", "bones")


def test_a_malformed_nickname_file_is_a_config_error_naming_it(tmp_path):
    from shared.players.rules import DATA

    (tmp_path / "resolution.yaml").write_text((DATA / "resolution.yaml").read_text())
    (tmp_path / "nicknames.yaml").write_text("- [herbert, herb]\n")
    with pytest.raises(ConfigError) as caught:
        load_rules(tmp_path)
    assert caught.value.field == "nicknames.yaml"


@pytest.mark.parametrize(("raw", "family"), [("James", {"2544", "1642355"}), ("Holland", {"10"})])
def test_a_bare_last_name_is_queued_with_every_player_of_that_name(resolver, raw, family):
    found = resolver.resolve("bettingpros", raw, GAME, LAKERS + BLAZERS)
    assert found.player_id is None and {c.player_id for c in found.candidates} == family
