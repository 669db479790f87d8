"""What a raw name's parts allow: suffixes never contradicted, and a bare first initial."""

from __future__ import annotations

from collections.abc import Iterable

from shared.players.normalise import NameParts


def kin(pool: Iterable[NameParts]) -> dict[str, int]:
    """How many players of the game's two teams carry each last name."""
    counts: dict[str, int] = {}
    for known in pool:
        counts[known.last] = counts.get(known.last, 0) + 1
    return counts


def suffix_allows(raw: NameParts, known: NameParts, kin: dict[str, int]) -> bool:
    """A raw suffix never meets a different one, nor a registry name without one while another player of the game
    has that last name: 'LeBron James Jr.' is not LeBron James while Bronny James plays, 'Gary Trent Sr.' is not
    Gary Trent Jr. A raw name without a suffix may still be a registry name with one ('Jabari Smith')."""
    if not raw.suffix:
        return True
    if known.suffix:
        return known.suffix == raw.suffix
    return kin.get(known.last, 0) <= 1


def is_initial(raw: NameParts) -> bool:
    """'J. Williams': a first name of one letter and a last name."""
    return len(raw.first) == 1 and bool(raw.last)


def initial_fits(raw: NameParts, known: NameParts) -> bool:
    """'J. Williams' fits Jalen Williams and Jaylin Williams; 'P. Washington' fits P.J. Washington."""
    return known.last == raw.last and known.first[:1] == raw.first
