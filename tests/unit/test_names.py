"""player_lookup: one key for every spelling of a player's name."""

import pytest

from shared.names import player_lookup


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nikola Jokić", "nikolajokic"),
        ("Nikola Jokic", "nikolajokic"),
        ("Jaren Jackson Jr.", "jarenjacksonjr"),
        ("Jaren Jackson, Jr.", "jarenjacksonjr"),
        ("Jaime Jaquez Jr", "jaimejaquezjr"),
        ("Jaime Jaquez Jr.", "jaimejaquezjr"),
        ("De'Aaron Fox", "deaaronfox"),
        ("De’Aaron Fox", "deaaronfox"),
        ("Shai Gilgeous-Alexander", "shaigilgeousalexander"),
        ("Luka Dončić", "lukadoncic"),
        ("Kristaps Porziņģis", "kristapsporzingis"),
        ("Jonas Valančiūnas", "jonasvalanciunas"),
        ("Nikola Jović", "nikolajovic"),
        ("Dāvis Bertāns", "davisbertans"),
        ("Marcus Morris Sr.", "marcusmorrissr"),
        ("Gary Payton II", "garypaytonii"),
        ("Trey Murphy III", "treymurphyiii"),
        ("Robert Williams III", "robertwilliamsiii"),
        ("Jr. Smith Jr.", "jrsmithjr"),
        ("  OG   Anunoby ", "oganunoby"),
        ("P.J. Washington", "pjwashington"),
        ("Kelly Oubre Junior", "kellyoubrejr"),
        ("Kevin Knox II.", "kevinknoxii"),
        ("", ""),
    ],
)
def test_player_lookup(name: str, expected: str) -> None:
    assert player_lookup(name) == expected


def test_suffix_is_canonical_and_last() -> None:
    assert player_lookup("Jackson Jr., Jaren") == "jacksonjarenjr"
