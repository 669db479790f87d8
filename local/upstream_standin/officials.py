"""A referee pool and crews of three per game (no official works two games on one day), plus replay centre."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from local.upstream_standin.model import Official
from local.upstream_standin.schedule import Fixture

_FIRST = (
    "John",
    "Ray",
    "Robert",
    "Scott",
    "Tony",
    "Marc",
    "Sean",
    "Ed",
    "Zach",
    "Kevin",
    "Natalie",
    "Simone",
    "James",
    "Bill",
    "Tre",
    "Ben",
    "Jacyn",
    "Mitchell",
    "Josh",
    "Derrick",
    "Brent",
    "Karl",
    "Nick",
    "Phenizee",
)
_LAST = (
    "Goble",
    "Acosta",
    "Hussey",
    "Foster",
    "Brothers",
    "Davis",
    "Wright",
    "Malloy",
    "Zarba",
    "Scott",
    "Sago",
    "Jenkins",
    "Williams",
    "Kennedy",
    "Maddox",
    "Taylor",
    "Goldenberg",
    "Ervin",
    "Tiven",
    "Collins",
    "O'Neill",
    "Boland",
    "Lane",
    "Ransom",
    "Guthrie",
    "Capers",
    "Fitzgerald",
    "Smith",
    "Orr",
    "Dalén",
)
POOL_SIZE = 72


def pool(seed: int) -> tuple[Official, ...]:
    """POOL_SIZE officials with unique names, NBA.com person codes and jersey numbers."""
    rng = random.Random(f"officials:{seed}")
    names: list[str] = []
    while len(names) < POOL_SIZE:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in names:
            names.append(name)
    codes = rng.sample(range(100_000, 1_700_000), POOL_SIZE)
    jerseys = rng.sample(range(1, 100), POOL_SIZE)
    return tuple(Official(code, name, str(jersey)) for name, code, jersey in zip(names, codes, jerseys, strict=True))


def crews(
    fixtures: Sequence[Fixture], officials: tuple[Official, ...], seed: int
) -> tuple[dict[str, tuple[Official, ...]], dict[date, tuple[Official, ...]]]:
    """Per game id: three officials; per date: two replay-centre officials not on a crew that day."""
    rng = random.Random(f"crews:{seed}")
    by_day: dict[date, list[Fixture]] = {}
    for fixture in fixtures:
        by_day.setdefault(fixture.date_et, []).append(fixture)
    per_game: dict[str, tuple[Official, ...]] = {}
    replay: dict[date, tuple[Official, ...]] = {}
    for day, games in by_day.items():
        picked = rng.sample(officials, 3 * len(games) + 2)
        for i, fixture in enumerate(games):
            per_game[fixture.game_id] = tuple(picked[3 * i : 3 * i + 3])
        replay[day] = tuple(picked[-2:])
    return per_game, replay
