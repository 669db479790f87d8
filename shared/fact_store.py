"""Shared state as a cached fold over append-only facts: append, read since a bound, fold, cache."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from shared.errors import WarehouseError

F = TypeVar("F")
S = TypeVar("S")


def _never(fact: object) -> bool:
    return False


class FactStore(Generic[F, S]):
    """Facts read in one call (again once older than `cache_s`), plus the ones appended here, folded into one state.

    `read` returns the facts that still matter (since some bound); `fold` turns facts into the state, computed again
    only when the facts change. A fact appended here is folded in at once (once, even when a read returns it too)
    and kept past each later read only while `keep_mine(fact)` says it still counts. `unreadable`, when given, is
    told of a failed read, and the last facts serve until the cache runs out again; without it the error rises.
    """

    def __init__(
        self,
        read: Callable[[], Sequence[F]],
        fold: Callable[[list[F]], S],
        *,
        fact_id: Callable[[F], str],
        cache_s: float,
        monotonic: Callable[[], float] = time.monotonic,
        keep_mine: Callable[[F], bool] = _never,
        unreadable: Callable[[WarehouseError], None] | None = None,
    ) -> None:
        self._read, self._fold, self._id = read, fold, fact_id
        self.cache_s, self.monotonic, self._keep_mine, self._unreadable = cache_s, monotonic, keep_mine, unreadable
        self._facts: list[F] = []
        self._mine: dict[str, F] = {}
        self._state: S | None = None
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def state(self, *, fresh: bool = False) -> S:
        """The fold, after reading the facts again when the cache is stale (or `fresh`)."""
        with self._lock:
            if fresh or self._loaded_at is None or self.monotonic() - self._loaded_at >= self.cache_s:
                self._refresh()
            return self._folded()

    def held(self) -> S:
        """The fold of the facts held now, without reading."""
        with self._lock:
            return self._folded()

    def append(self, fact: F, write: Callable[[], None], step: Callable[[S], S] | None = None) -> None:
        """`write()` the fact's row (raising holds nothing), then hold `fact`: `step` moves the held state by it, else
        the state is folded again when next asked."""
        write()
        self.hold(fact, step)

    def hold(self, fact: F, step: Callable[[S], S] | None = None) -> None:
        """Fold `fact` into this instance's state now, unwritten (the caller writes it next): in memory first."""
        with self._lock:
            self._mine[self._id(fact)] = fact
            self._state = step(self._folded()) if step is not None else None

    def _folded(self) -> S:
        if self._state is None:
            read = {self._id(f) for f in self._facts}
            self._state = self._fold([*self._facts, *(f for k, f in self._mine.items() if k not in read)])
        return self._state

    def _refresh(self) -> None:
        try:
            facts = list(self._read())
        except WarehouseError as exc:
            if self._unreadable is None:
                raise
            self._unreadable(exc)
            self._loaded_at = self.monotonic()
            return
        self._facts, self._loaded_at, self._state = facts, self.monotonic(), None
        self._mine = {k: f for k, f in self._mine.items() if self._keep_mine(f)}
