"""How each upstream spells a player's name: the reconciliation work the pipeline must do is real."""

from __future__ import annotations

import unicodedata
import zlib

from local.upstream_standin.book_names import core_is_taken, initial_is_unique
from local.upstream_standin.first_names import book_first
from local.upstream_standin.model import Player

SOURCES = ("nbacom", "espn", "bdl", "odds_api", "bettingpros")
SUFFIXES = ("Jr.", "Sr.", "II", "III", "IV")
_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"})


def ascii_fold(text: str) -> str:
    """'Nikola Jokić' → 'Nikola Jokic', case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def drops_suffix(player: Player) -> bool:
    """About half the Jr./II/III players lose the suffix at BettingPros (stable per player); never one whose name
    without it is another player's (Tim Hardaway Jr. beside his father)."""
    suffixed = player.last_name.split()[-1] in SUFFIXES
    return suffixed and _stable(player.full_name) % 2 == 0 and not core_is_taken(player)


def initial_only(player: Player) -> bool:
    """The Odds API prints about one player in eight as 'J. Williams' when no other player has his initial and
    last name."""
    return _stable(player.full_name + ":initial") % 8 == 0 and initial_is_unique(player)


def last_first(player: Player) -> bool:
    """The Odds API prints about one player in twelve as 'Williams, Jalen'."""
    return _stable(player.full_name + ":comma") % 12 == 0


def keeps_accents(player: Player) -> bool:
    """BettingPros folds accents for most players but prints some as NBA.com does (stable per player)."""
    return _stable(player.full_name + ":accents") % 2 == 0


def middle_initial(player: Player) -> str:
    """The Odds API prints a middle initial for about one player in twelve ('Jaime E. Jaquez Jr.')."""
    return chr(ord("A") + _stable(player.full_name) % 26) + "." if _stable(player.full_name + ":mid") % 12 == 0 else ""


def _odds_api(player: Player) -> tuple[str, str]:
    first, last = ascii_fold(player.first_name), ascii_fold(player.last_name)
    if last.endswith(" Jr.") and _stable(player.full_name + ":dot") % 2 == 0:
        last = last[:-1]  # 'Jr' without the dot
    if initial_only(player):
        return f"{first[:1]}.", last
    initial = middle_initial(player)
    return (f"{first} {initial}" if initial else first), last


def _bettingpros(player: Player) -> tuple[str, str]:
    first = book_first(player).replace(".", "")
    last = player.last_name.rsplit(" ", 1)[0] if drops_suffix(player) else player.last_name
    return (first, last) if keeps_accents(player) else (ascii_fold(first), ascii_fold(last))


def name_parts(player: Player, source: str) -> tuple[str, str]:
    """(first, last) as `source` prints them."""
    first, last = player.first_name, player.last_name
    if source in ("nbacom", "espn"):
        return first, last
    if source == "bdl":
        return ascii_fold(first), ascii_fold(last)
    if source == "odds_api":
        return _odds_api(player)
    if source == "bettingpros":
        return _bettingpros(player)
    raise ValueError(f"unknown source {source!r}; expected one of {SOURCES}")


def listed_team(player: Player, tricodes: tuple[str, ...]) -> str:
    """BettingPros lists about one player in forty under a previous team, as after a trade it has not caught up."""
    if _stable(player.full_name + ":team") % 40 != 0:
        return player.team
    others = [t for t in tricodes if t != player.team]
    return others[_stable(player.full_name) % len(others)]


def absent_from_espn(player: Player, roster: list[Player]) -> bool:
    """On about a third of teams the deepest reserve is on a two-way contract and ESPN leaves him out."""
    deepest = min(roster, key=lambda p: (p.mpg, p.player_id))
    return player is deepest and _stable(player.team + ":two-way") % 3 == 0


def spell(player: Player, source: str) -> str:
    """Full name as `source` prints it: 'Nikola Jokić' (NBA.com, ESPN), 'Nikola Jokic' (BDL, Odds API, BettingPros),
    'Jokic, Nikola' (the Odds API, for some)."""
    first, last = name_parts(player, source)
    if source == "odds_api" and last_first(player):
        return f"{last}, {first}"
    return f"{first} {last}".strip()


def slug(player: Player) -> str:
    """BettingPros slug: 'trae-young'."""
    words = "".join(c if c.isalnum() else " " for c in ascii_fold(spell(player, "bettingpros")).lower()).split()
    return "-".join(words)
