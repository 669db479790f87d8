"""Deal the active-player pool to the 30 teams by seed and give each player a role, bio and per-source ids."""

from __future__ import annotations

import random
from datetime import date, timedelta

from local.upstream_standin.league import PoolPlayer, Team, retired_player
from local.upstream_standin.model import Player

ROSTER_SIZE = 15
# (minutes, points per minute) by depth-chart slot: a star, four starters, three rotation, two fringe, five reserves.
_ROLES = [((33, 37), (0.68, 0.84))] + [((28, 34), (0.38, 0.58))] * 4 + [((18, 26), (0.3, 0.5))] * 3
_ROLES += [((12, 18), (0.28, 0.45))] * 2 + [((2, 9), (0.25, 0.45))] * 5
_STARTER_POSITIONS = ["G", "G", "F", "F", "C"]
_BENCH_POSITIONS = ["G", "F", "C", "G-F", "F-C", "G", "F"]
_HEIGHT = {"G": (72, 78), "G-F": (76, 80), "F": (78, 82), "F-C": (80, 84), "C": (82, 86)}
_COLLEGES = ["Duke", "Kentucky", "Kansas", "UCLA", "Gonzaga", "Arizona", "Michigan", "Texas", "Villanova", "Baylor"]
_ABROAD = ["Serbia", "France", "Spain", "Germany", "Lithuania", "Slovenia", "Croatia", "Latvia", "Turkey", "Czechia"]


def is_distinctive(name: str) -> bool:
    """Names that exercise reconciliation: accents, suffixes, apostrophes, hyphens, initials."""
    suffixed = name.split()[-1] in {"Jr.", "Sr.", "II", "III", "IV"}
    return suffixed or any(ord(c) > 127 for c in name) or any(c in name for c in "'-.")


def deal(pool: tuple[PoolPlayer, ...], teams: tuple[Team, ...], seed: int, start_year: int) -> tuple[Player, ...]:
    """ROSTER_SIZE players per team: every distinctive name first, the rest drawn at random."""
    rng = random.Random(f"rosters:{seed}")
    distinctive = [p for p in pool if is_distinctive(p.full_name)]
    others = [p for p in pool if not is_distinctive(p.full_name)]
    chosen = distinctive + rng.sample(others, ROSTER_SIZE * len(teams) - len(distinctive))
    rng.shuffle(chosen)
    for pair in LOOK_ALIKES:
        _seat_together(chosen, pair, pool)
    _seat_father(chosen)
    ids = _Ids(rng)
    players = []
    for index, team in enumerate(teams):
        squad = chosen[index * ROSTER_SIZE : (index + 1) * ROSTER_SIZE]
        jerseys = rng.sample(
            [
                str(n)
                for n in [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 20]
                + list(range(21, 56))
                + [77, 88, 99]
            ]
            + ["00"],
            ROSTER_SIZE,
        )
        for slot, base in enumerate(squad):
            players.append(_player(base, team, slot, jerseys[slot], rng, ids, start_year))
    return tuple(players)


# Two real players whose names differ by one letter, dealt to one team (the second in a rotation slot).
NEAR_TWINS = ("Jalen Williams", "Jaylin Williams")
# Teammate look-alikes the books print side by side (one letter apart, brothers, twins, one initial): each pair is
# dealt to one team, both in the rotation, so that most game days have one on the slate.
LOOK_ALIKES = (
    NEAR_TWINS,
    ("Franz Wagner", "Moritz Wagner"),
    ("Amen Thompson", "Ausar Thompson"),
    ("Keegan Murray", "Kris Murray"),
    ("Jalen Smith", "Jabari Smith Jr."),
    ("Jalen Green", "Josh Green"),
    ("Jalen Johnson", "Keldon Johnson"),
    ("Caleb Martin", "Alijah Martin"),
    ("Jaylen Brown", "Kobe Brown"),
    ("Jamal Murray", "Dejounte Murray"),
)
# A father brought back from retirement to play beside his son: the registry names 'Tim Hardaway' and
# 'Tim Hardaway Jr.' on one team, as NBA.com would list them.
FATHER_AND_SON = ("Tim Hardaway", "Tim Hardaway Jr.")
_ROTATION = (5, 6, 7, 4, 3)  # depth-chart slots with points props, the bench's first


def _seat_together(chosen: list[PoolPlayer], pair: tuple[str, str], pool: tuple[PoolPlayer, ...]) -> None:
    """Put both players of `pair` in rotation slots of one team: the first one dealt anchors it (moved up to the
    rotation if he sits below it); the other swaps with the player of a free rotation slot, or, when the deal left
    him out, takes that slot from its player (who leaves the league)."""
    names = [p.full_name for p in chosen]
    anchor, other = (pair[0], pair[1]) if pair[0] in names or pair[1] not in names else (pair[1], pair[0])
    spare = {p.full_name: p for p in pool}
    if anchor not in names or (other not in names and other not in spare):
        return
    first = names.index(anchor)
    start = first - first % ROSTER_SIZE
    if first - start >= 8:
        seat = start + _free_slot(chosen, start, taken={first})
        chosen[seat], chosen[first] = chosen[first], chosen[seat]
        first = seat
    seat = start + _free_slot(chosen, start, taken={first})
    if other not in names:
        chosen[seat] = spare[other]
        return
    second = [p.full_name for p in chosen].index(other)
    if second // ROSTER_SIZE != first // ROSTER_SIZE or second - start >= 8:
        chosen[seat], chosen[second] = chosen[second], chosen[seat]


def _free_slot(chosen: list[PoolPlayer], start: int, taken: set[int]) -> int:
    """The first rotation slot of the team starting at `start` that holds no seated look-alike or family."""
    seated = {n for pair in (*LOOK_ALIKES, FATHER_AND_SON) for n in pair}
    return next(s for s in _ROTATION if start + s not in taken and chosen[start + s].full_name not in seated)


def _seat_father(chosen: list[PoolPlayer]) -> None:
    """The father joins his son's team in the rotation (the son too, if he sat below it)."""
    father, son = FATHER_AND_SON
    if son in {p.full_name for p in chosen}:
        _seat_together(chosen, (son, father), (retired_player(father),))


class _Ids:
    """Unique per-source ids: BDL small or large ints, ESPN 7-digit strings, BettingPros 4-digit strings."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.bdl = iter(rng.sample(range(1, 700), 300) + rng.sample(range(1_000_000, 60_000_000), 300))
        self.espn = iter(rng.sample(range(3_000_000, 5_200_000), 600))
        self.bp = iter(rng.sample(range(1000, 9999), 600))


def _player(
    base: PoolPlayer, team: Team, slot: int, jersey: str, rng: random.Random, ids: _Ids, start_year: int
) -> Player:
    minutes_range, rate_range = _ROLES[slot]
    mpg = round(rng.uniform(*minutes_range), 1)
    position = _STARTER_POSITIONS[slot] if slot < 5 else rng.choice(_BENCH_POSITIONS)
    height = rng.randint(*_HEIGHT[position])
    age = rng.randint(19, 37)
    experience = max(0, min(age - 19 - rng.randint(0, 3), 19))
    abroad = any(ord(c) > 127 for c in base.full_name) or rng.random() < 0.12
    drafted = rng.random() < 0.88
    return Player(
        player_id=base.player_id,
        first_name=base.first_name,
        last_name=base.last_name,
        team=team.tricode,
        position=position,
        jersey=jersey,
        height_in=height,
        weight=int(150 + (height - 70) * 6.5 + rng.randint(-10, 15)),
        mpg=mpg,
        ppg=round(mpg * rng.uniform(*rate_range), 1),
        bdl_id=next(ids.bdl),
        espn_id=str(next(ids.espn)),
        bp_id=str(next(ids.bp)),
        birth_date=date(start_year - age, 1, 1) + timedelta(days=rng.randint(0, 364)),
        country=rng.choice(_ABROAD) if abroad else "USA",
        college=None if abroad else rng.choice(_COLLEGES),
        draft_year=start_year - experience - 1 if drafted else None,
        draft_round=(1 if rng.random() < 0.7 else 2) if drafted else None,
        draft_number=rng.randint(1, 60) if drafted else None,
        experience=experience,
    )
