"""How each upstream spells a player's name: the reconciliation work the pipeline must do is real."""

from __future__ import annotations

import unicodedata
import zlib

from local.upstream_standin.model import Player

SOURCES = ("nbacom", "espn", "bdl", "odds_api", "bettingpros")
SUFFIXES = ("Jr.", "Sr.", "II", "III", "IV")
# First names BettingPros prints as the nickname players go by.
NICKNAMES = {
    "Herbert": "Herb",
    "Cameron": "Cam",
    "Robert": "Rob",
    "Moritz": "Moe",
    "Kenrich": "Kenny",
    "Joshua": "Josh",
    "Patrick": "Pat",
    "Michael": "Mike",
    "Mohamed": "Mo",
    "Nicolas": "Nic",
    "Alexandre": "Alex",
    "Nicholas": "Nick",
    "Christopher": "Chris",
    "Matthew": "Matt",
}
_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae"})


def ascii_fold(text: str) -> str:
    """'Nikola Jokić' → 'Nikola Jokic', case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def drops_suffix(player: Player) -> bool:
    """About half the Jr./II/III players lose the suffix at BettingPros (stable per player)."""
    return player.last_name.split()[-1] in SUFFIXES and _stable(player.full_name) % 2 == 0


def name_parts(player: Player, source: str) -> tuple[str, str]:
    """(first, last) as `source` prints them."""
    first, last = player.first_name, player.last_name
    if source in ("nbacom", "espn"):
        return first, last
    if source in ("bdl", "odds_api"):
        return ascii_fold(first), ascii_fold(last)
    if source == "bettingpros":
        first = NICKNAMES.get(first, first).replace(".", "")
        if drops_suffix(player):
            last = last.rsplit(" ", 1)[0]
        return ascii_fold(first), ascii_fold(last)
    raise ValueError(f"unknown source {source!r}; expected one of {SOURCES}")


def spell(player: Player, source: str) -> str:
    """Full name as `source` prints it: 'Nikola Jokić' (NBA.com, ESPN), 'Nikola Jokic' (BDL, Odds API, BettingPros)."""
    first, last = name_parts(player, source)
    return f"{first} {last}".strip()


def slug(player: Player) -> str:
    """BettingPros slug: 'trae-young'."""
    words = "".join(c if c.isalnum() else " " for c in spell(player, "bettingpros").lower()).split()
    return "-".join(words)
