"""The held-out list: real book spellings against real rosters; never a wrong player, and the misses are known."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from shared.players import Candidate, Game, Resolver, load_rules

LIST = yaml.safe_load((Path(__file__).parent / "data" / "book_spellings.yaml").read_text())
ROSTERS = {
    team: [Candidate(pid, name, team) for pid, name in (entry.split(" ", 1) for entry in players)]
    for team, players in LIST["rosters"].items()
}
IDS = {c.name: c.player_id for players in ROSTERS.values() for c in players}
# Right names the resolver queues, each with why (a person answers them once with `courtside players alias`).
KNOWN_MISSES = {
    "Bronny James Jr.": "a Jr. never reaches a registry name without one while another James plays",
    "GG Jackson II": "a II never reaches a registry name without one while another Jackson plays",
    "Kenyon Martin Jr.": "a Jr. never reaches a registry name without one while another Martin plays",
    "Deuce McBride": "a nickname in no list",
    "Chris Middleton": "Khris is in no nickname list, and one letter off is under the fuzzy threshold",
}


def outcome(case: list[str]) -> str:
    """'right', 'queued' (rightly), 'missed' (a right name queued) or 'wrong' (a player, not the right one)."""
    teams, raw, expected = case
    home, away = teams.split("-")
    found = Resolver(load_rules()).resolve(
        "bettingpros", raw, Game(date(2025, 1, 15), (home, away)), ROSTERS[home] + ROSTERS[away]
    )
    if found.player_id is None:
        return "queued" if expected == "queue" else "missed"
    return "right" if IDS.get(expected) == found.player_id else "wrong"


RESULTS = {case[1] + " @ " + case[0]: outcome(case) for case in LIST["cases"]}


def test_the_list_is_long_enough_and_names_real_players():
    assert len(LIST["cases"]) >= 60
    assert all(expected == "queue" or expected in IDS for _, _, expected in LIST["cases"])


@pytest.mark.parametrize("case", LIST["cases"], ids=lambda case: f"{case[1]} @ {case[0]}")
def test_no_spelling_resolves_to_a_wrong_player(case):
    assert outcome(case) != "wrong"


def test_the_misses_are_the_known_ones():
    missed = {key.split(" @ ")[0] for key, result in RESULTS.items() if result == "missed"}
    assert missed == set(KNOWN_MISSES)


def test_summary():
    counts = Counter(RESULTS.values())
    print(f"held-out: {len(RESULTS)} cases, {dict(counts)}")
    assert counts["wrong"] == 0 and counts["right"] >= 70
