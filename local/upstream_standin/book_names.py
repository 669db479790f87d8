"""Which hard forms a book may print for a player and still name one player in any league the pool can deal."""

from __future__ import annotations

from functools import cache

from local.upstream_standin.league import load_player_pool, retired_player
from local.upstream_standin.model import Player
from local.upstream_standin.rosters import FATHER_AND_SON
from shared.players import load_rules
from shared.players.nicknames import folded
from shared.players.normalise import NameParts, parts


@cache
def _by_last() -> dict[str, tuple[NameParts, ...]]:
    """Every name the stand-in can deal (active players and the father brought back), by folded last name."""
    names = [p.full_name for p in load_player_pool()] + [retired_player(FATHER_AND_SON[0]).full_name]
    grouped: dict[str, list[NameParts]] = {}
    for name in names:
        grouped.setdefault(parts(name).last, []).append(parts(name))
    return {last: tuple(group) for last, group in grouped.items()}


def _others(player: Player) -> list[NameParts]:
    me = parts(player.full_name)
    return [o for o in _by_last().get(me.last, ()) if o.lookup != me.lookup]


def initial_is_unique(player: Player) -> bool:
    """No other player the pool holds has his first initial and last name ('J. Williams' is never printed)."""
    initial = parts(player.full_name).first[:1]
    return bool(initial) and all(o.first[:1] != initial for o in _others(player))


def first_is_unique(player: Player, first: str) -> bool:
    """No other player of his last name answers to `first`, equal or linked as a nickname ('Tim Hardaway' is
    never printed as 'Timothy': his father is a Tim Hardaway too)."""
    rules, printed = load_rules(), folded(first)
    return all(not rules.same_first_name(printed, o.first) for o in _others(player))


def core_is_taken(player: Player) -> bool:
    """His name without its suffix is another player's name ('Tim Hardaway Jr.' without 'Jr.' is his father)."""
    core = parts(player.full_name).core
    return any(o.core == core and not o.suffix for o in _others(player))
