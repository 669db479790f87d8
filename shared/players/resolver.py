"""Resolve one raw name to one registry player among the two teams of its game, or say why not. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from rapidfuzz import fuzz

from shared.errors import BadRequest
from shared.players.matching import initial_fits, is_initial, kin, suffix_allows
from shared.players.model import Candidate, Game, Resolution, Scored
from shared.players.normalise import NameParts, parts
from shared.players.rules import Rules

__all__ = ["Candidate", "Game", "Resolution", "Resolver", "Scored", "similarity"]
RESOLVED = ("source_id", "exact", "alias", "rule", "initial", "fuzzy")


@lru_cache(maxsize=65536)
def _parts(name: str) -> NameParts:
    return parts(name)


def similarity(a: NameParts, b: NameParts) -> float:
    """The weaker of first-name and last-name similarity (rapidfuzz ratio, 0-100): 'Mark Williams' is not
    'Amari Williams' however long the shared last name; middle names and suffixes do not count."""
    if not a.last or not b.last:
        return 0.0
    return round(min(fuzz.ratio(a.first, b.first), fuzz.ratio(a.last, b.last)), 1)


class Resolver:
    """source id → exact → alias → nickname/suffix rules → a first initial → fuzzy with threshold and margin; the
    rules, the initial and fuzzy never bridge a contradicting suffix."""

    def __init__(
        self,
        rules: Rules,
        aliases: Mapping[tuple[str, str], str] | None = None,
        source_ids: Mapping[tuple[str, str], str] | None = None,
    ) -> None:
        self.rules = rules
        self.aliases = dict(aliases or {})
        self.source_ids = dict(source_ids or {})

    def resolve(
        self, source: str, raw_name: str, game: Game, roster: Iterable[Candidate], source_id: str | None = None
    ) -> Resolution:
        """One name; only players of `game.teams` are ever returned, and at most one."""
        if source not in self.rules.sources:
            raise BadRequest(
                f"unknown source {source!r}; known: {', '.join(sorted(self.rules.sources))}", field="source"
            )
        if len(raw_name or "") > self.rules.max_name_length:
            return Resolution(None, "name_too_long")
        raw = _parts(raw_name or "")
        if not raw.lookup:
            return Resolution(None, "empty_name")
        pool = {c.player_id: c for c in roster if c.team in game.teams}
        family = kin(_parts(c.name) for c in pool.values())

        def allowed(c: Candidate) -> bool:
            return suffix_allows(raw, _parts(c.name), family)

        steps: tuple[Callable[[], Resolution | None], ...] = (
            lambda: self._by_source_id(source, source_id, pool),
            lambda: self._by_key(raw, pool, "exact", lambda c: _parts(c.name).lookup == raw.lookup),
            lambda: self._by_alias(source, raw, pool),
            lambda: self._by_rule(raw, pool, allowed),
            lambda: self._by_initial(raw, pool, allowed),
        )
        for step in steps:
            found = step()
            if found is not None:
                return found
        return self._by_fuzzy(raw, pool, allowed)

    def _by_source_id(self, source: str, source_id: str | None, pool: dict[str, Candidate]) -> Resolution | None:
        player_id = self.source_ids.get((source, source_id)) if source_id else None
        return Resolution(player_id, "source_id", 100.0) if player_id in pool else None

    def _by_alias(self, source: str, raw: NameParts, pool: dict[str, Candidate]) -> Resolution | None:
        player_id = self.aliases.get((source, raw.lookup))
        return Resolution(player_id, "alias", 100.0) if player_id in pool else None

    def _by_key(
        self, raw: NameParts, pool: dict[str, Candidate], method: str, matches: Callable[[Candidate], bool]
    ) -> Resolution | None:
        found = [c for c in pool.values() if matches(c)]
        if len(found) == 1:
            return Resolution(found[0].player_id, method, 100.0)
        if len(found) > 1:  # two players answer to this name on these teams: a person decides
            return Resolution(None, "ambiguous", None, self._scored(raw, found))
        return None

    def _by_rule(
        self, raw: NameParts, pool: dict[str, Candidate], allowed: Callable[[Candidate], bool]
    ) -> Resolution | None:
        """Nickname rules among players whose suffix allows it; a name only a contradicting suffix keeps from a
        player is queued with every player of that last name ('LeBron James Jr.': LeBron and Bronny James)."""
        same = [c for c in pool.values() if self._same_person(raw, _parts(c.name))]
        found = self._by_key(raw, {c.player_id: c for c in same if allowed(c)}, "rule", lambda c: True)
        if found is not None or not same:
            return found
        family = [c for c in pool.values() if _parts(c.name).last == raw.last]
        return Resolution(None, "suffix_conflict", None, self._scored(raw, family, len(family)))

    def _same_person(self, raw: NameParts, known: NameParts) -> bool:
        """Same last name, first names equal or linked as nicknames (suffixes are checked by the caller)."""
        return bool(raw.last) and raw.last == known.last and self.rules.same_first_name(raw.first, known.first)

    def _by_initial(
        self, raw: NameParts, pool: dict[str, Candidate], allowed: Callable[[Candidate], bool]
    ) -> Resolution | None:
        """'J. Williams': the one player of the two teams with that initial and last name (and no contradicting
        suffix); with none or several, every player with that initial and last name is a candidate."""
        if not is_initial(raw):
            return None
        fits = [c for c in pool.values() if initial_fits(raw, _parts(c.name))]
        eligible = [c for c in fits if allowed(c)]
        if len(eligible) == 1:
            return Resolution(eligible[0].player_id, "initial", 100.0)
        if not fits:
            return None
        reason = "ambiguous" if eligible else "suffix_conflict"
        return Resolution(None, reason, None, self._scored(raw, fits, len(fits)))

    def _by_fuzzy(self, raw: NameParts, pool: dict[str, Candidate], allowed: Callable[[Candidate], bool]) -> Resolution:
        family = [c for c in pool.values() if not raw.last and _parts(c.name).last == raw.first]
        if family:  # 'Wagner' alone is never enough, but the person deciding is shown every Wagner of the game
            return Resolution(
                None, "ambiguous" if len(family) > 1 else "no_match", None, self._scored(raw, family, len(family))
            )
        scored = self._scored(raw, pool.values())
        if not scored:
            return Resolution(None, "no_candidates")
        best = scored[0].score
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        if best >= self.rules.fuzzy_threshold and best - runner_up >= self.rules.fuzzy_margin:
            if allowed(pool[scored[0].player_id]):
                return Resolution(scored[0].player_id, "fuzzy", best, scored[:2])
            return Resolution(None, "suffix_conflict", None, scored)  # 'Gary Trent Sr.' is not Gary Trent Jr.
        return Resolution(None, "ambiguous" if best >= self.rules.fuzzy_threshold else "no_match", None, scored)

    def _scored(self, raw: NameParts, candidates: Iterable[Candidate], limit: int | None = None) -> tuple[Scored, ...]:
        """Candidates by score, best first: `limit` of them, by default the rules' `queue_candidates`."""
        ranked = sorted(
            (Scored(c.player_id, c.name, similarity(raw, _parts(c.name))) for c in candidates),
            key=lambda s: (-s.score, s.player_id),
        )
        return tuple(ranked[: self.rules.queue_candidates if limit is None else limit])
