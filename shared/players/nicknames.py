"""First names that mean one person: pairs from the nicknames package and the project's own groups."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from nicknames import name_triplets

from shared.names import fold


def folded(name: str) -> str:
    """A first name as the resolver compares it: 'K.C.' → 'kc', 'De’Andre' → 'deandre'."""
    return "".join(re.findall(r"[a-z0-9]+", fold(name)))


def package_pairs() -> list[tuple[str, str]]:
    """(given name, nickname) from the nicknames package (carltonnorthern/nicknames, Apache-2.0): 'ronald', 'ron'."""
    return [(t.name1, t.name2) for t in name_triplets() if t.relationship == "has_nickname"]


@dataclass(frozen=True)
class Nicknames:
    """Linked first names, both ways. A name and its nickname are linked; two nicknames of one name are not
    ('ron' ~ 'ronald' and 'ron' ~ 'aaron', never 'ronald' ~ 'aaron'), unless a project group says so."""

    links: frozenset[tuple[str, str]]

    @classmethod
    def of(
        cls,
        pairs: Iterable[tuple[str, str]],
        groups: Iterable[Iterable[str]] = (),
        distinct: Iterable[Iterable[str]] = (),
    ) -> Nicknames:
        """`pairs` linked, every two names of a `groups` entry linked, then every two of a `distinct` entry not."""
        linked = {(folded(a), folded(b)) for a, b in pairs}
        linked |= {link for group in groups for link in combinations(sorted({folded(n) for n in group}), 2)}
        apart = {link for group in distinct for link in combinations(sorted({folded(n) for n in group}), 2)}
        both = linked | {(b, a) for a, b in linked}
        return cls(frozenset((a, b) for a, b in both if a and b and a != b and tuple(sorted((a, b))) not in apart))

    def same(self, a: str, b: str) -> bool:
        """'ron' ~ 'ronald', 'herb' ~ 'herbert', 'pj' ~ 'pj'."""
        return a == b or (a, b) in self.links
