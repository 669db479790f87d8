"""player_lookup: the one normalised player-name key every source and table joins on."""

from __future__ import annotations

import re
import unicodedata

_SUFFIXES = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}
# Letters NFKD does not decompose into an ASCII base letter.
_SPECIAL = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})
_WORD = re.compile(r"[a-z0-9]+")


def fold(name: str) -> str:
    """Lower-case ASCII: accents and special letters folded, apostrophes dropped."""
    lowered = unicodedata.normalize("NFKC", name).lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"['’‘`´.]", "", ascii_only)


def player_lookup(name: str) -> str:
    """'Nikola Jokić' → 'nikolajokic'; 'Jaren Jackson Jr.' → 'jarenjacksonjr' (suffix canonical, last)."""
    words = _WORD.findall(fold(name))
    suffixes = [_SUFFIXES[w] for w in words[1:] if w in _SUFFIXES]
    base = [w for i, w in enumerate(words) if i == 0 or w not in _SUFFIXES]
    return "".join(base) + "".join(suffixes)
