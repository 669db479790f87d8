"""Budget facts shared by every instance: append-only rows behind a short cache, folded into each upstream's state."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.eastern import game_date
from shared.errors import WarehouseError
from shared.log import log_event
from shared.orchestration import upstream_budget
from shared.resilience.budget import BudgetFact, BudgetRules, UpstreamState, fold, state_of
from shared.resilience.quota import period_start
from shared.warehouse import Warehouse

logger = logging.getLogger(__name__)
_FACT_FIELDS = ("until", "credits_remaining", "credits_used", "credits_last", "reason")


class BudgetStore:
    """Reads the facts in one query (cached `cache_s`), appends new ones and applies them here at once.

    Facts recorded here stay in the fold until a read returns them (or they age out), so a read that does not
    see a fresh insert yet, or a write the warehouse refused, never drops them; a scrape is never stopped by it.
    """

    def __init__(
        self,
        warehouse: Warehouse,
        rules: BudgetRules,
        *,
        reset_day: int,
        cache_s: float,
        clock: Callable[[], datetime],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.warehouse, self.rules, self.reset_day = warehouse, rules, reset_day
        self.cache_s, self.clock, self.monotonic = cache_s, clock, monotonic
        self._facts: list[BudgetFact] = []
        self._local: dict[str, BudgetFact] = {}  # recorded by this instance, by event_id
        self._loaded_at: float | None = None
        self._states: dict[str, UpstreamState] | None = None
        self._lock = threading.Lock()

    def state(self, upstream: str) -> UpstreamState:
        """The upstream's state now, from the cached facts (refreshed when stale)."""
        with self._lock:
            self._refresh_if_stale()
            if self._states is None:
                read = {f.event_id for f in self._facts}
                mine = [f for key, f in self._local.items() if key not in read]
                self._states = fold([*self._facts, *mine], self.rules, self.clock())
            return state_of(self._states, upstream, self.rules)

    def record(
        self, upstream: str, kind: str, *, scraper: str | None = None, workflow: str | None = None, **values: Any
    ) -> BudgetFact:
        """Append one fact and fold it into this instance's state at once."""
        now = self.clock()
        fact = BudgetFact(
            f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}",
            upstream,
            kind,
            now,
            **{k: values.get(k) for k in _FACT_FIELDS},
        )
        row = {
            **values,
            "event_id": fact.event_id,
            "upstream": upstream,
            "kind": kind,
            "occurred_at": now,
            "game_date": game_date(now),
            "scraper": scraper,
            "workflow": workflow,
        }
        try:
            upstream_budget.append(self.warehouse, [row])
        except WarehouseError as exc:
            log_event(
                logger,
                f"budget fact {kind} of {upstream} not recorded: {exc.message}",
                event="budget_unrecorded",
                level=logging.WARNING,
                upstream=upstream,
                kind=kind,
            )
        with self._lock:
            self._local[fact.event_id] = fact
            self._states = None
        return fact

    def _refresh_if_stale(self) -> None:
        if self._loaded_at is not None and self.monotonic() - self._loaded_at < self.cache_s:
            return
        now = self.clock()
        try:
            rows = upstream_budget.facts_for_state(
                self.warehouse,
                now=now,
                recent=now - self.rules.window,
                period_start=period_start(now, self.reset_day),
            )
        except WarehouseError as exc:
            log_event(
                logger,
                f"budget facts unreadable, using the last known: {exc.message}",
                event="budget_unreadable",
                level=logging.WARNING,
            )
            self._loaded_at = self.monotonic()
            return
        self._facts = [
            BudgetFact(**{k: r[k] for k in ("event_id", "upstream", "kind", "occurred_at", *_FACT_FIELDS)})
            for r in rows
        ]
        self._loaded_at, self._states = self.monotonic(), None
        self._local = {k: f for k, f in self._local.items() if _still_counts(f, now, self.rules)}


def _still_counts(fact: BudgetFact, now: datetime, rules: BudgetRules) -> bool:
    """Whether a fact recorded here can still change the fold (closures until they end, others in the window)."""
    if fact.until is not None and fact.until > now:
        return True
    return fact.occurred_at >= now - rules.window
