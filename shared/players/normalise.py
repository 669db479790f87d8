"""Name parts for matching: folded tokens split into first, middle, last and suffix, initials joined, "Last, First"
turned round."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.names import fold, player_lookup

_SUFFIXES = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv",
             "2nd": "ii", "3rd": "iii", "4th": "iv"}  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+")
# "P.J." and "P. J." both mean the initials "pj": single letters in a row are joined before splitting.
_INITIALS = re.compile(r"\b([a-z])[.\s]+(?=[a-z]\b)")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name folded to lower-case ASCII: `first`, `middle` words, `last` (may hold several words), `suffix`."""

    lookup: str
    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str

    @property
    def core(self) -> str:
        """First and last name without middle names or suffix: 'kelly oubre'."""
        return f"{self.first} {self.last}".strip()


def _tokens(name: str) -> list[str]:
    # Hyphenated names stay one word ("gilgeousalexander"); commas and dots separate words.
    lowered = re.sub(r"[-‐–]", "", fold(name).replace(",", " "))
    return _TOKEN.findall(_INITIALS.sub(r"\1", lowered))


def _is_suffix(piece: str) -> bool:
    words = _tokens(piece)
    return bool(words) and all(w in _SUFFIXES for w in words)


def first_last(name: str) -> str:
    """'Williams, Jalen' → 'Jalen Williams', 'Smith Jr., Jabari' → 'Jabari Smith Jr.'; 'Jabari Smith, Jr.' as it is."""
    pieces = [p.strip() for p in name.split(",") if p.strip()]
    names = [p for p in pieces if not _is_suffix(p)]
    if len(names) != 2:
        return name
    last, first = names
    return " ".join([first, last, *(p for p in pieces if _is_suffix(p))])


def parts(name: str) -> NameParts:
    """'Kelly Oubre Jr.' → first 'kelly', last 'oubre', suffix 'jr'; 'Jaime E. Jaquez' → middle ('e',);
    'Oubre Jr., Kelly' as 'Kelly Oubre Jr.'."""
    name = first_last(name)
    words = _tokens(name)
    suffix = ""
    while len(words) > 1 and words[-1] in _SUFFIXES:
        suffix = suffix or _SUFFIXES[words.pop()]
    if not words:
        return NameParts("", "", (), "", suffix)
    first, rest = words[0], words[1:]
    last = rest[-1] if rest else ""
    middle = tuple(rest[:-1])
    return NameParts(player_lookup(name), first, middle, last, suffix)
