"""Budget facts shared by every instance: append-only rows behind a short cache, folded into each upstream's state."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from shared.clock import sortable_id
from shared.eastern import game_date
from shared.errors import WarehouseError
from shared.fact_store import FactStore
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
        self._read_at: datetime | None = None  # the clock at the last read: what still counts is judged from it
        self.facts: FactStore[BudgetFact, dict[str, UpstreamState]] = FactStore(
            self._read,
            lambda facts: fold(facts, self.rules, self.clock()),
            fact_id=lambda fact: fact.event_id,
            cache_s=cache_s,
            monotonic=monotonic,
            keep_mine=lambda fact: self._read_at is not None and _still_counts(fact, self._read_at, self.rules),
            unreadable=_unreadable,
        )

    def state(self, upstream: str) -> UpstreamState:
        """The upstream's state now, from the cached facts (refreshed when stale)."""
        return state_of(self.facts.state(), upstream, self.rules)

    def state_fresh(self, upstream: str) -> UpstreamState:
        """The upstream's state after reading every instance's facts again (a reservation's check)."""
        return state_of(self.facts.state(fresh=True), upstream, self.rules)

    def record(
        self, upstream: str, kind: str, *, scraper: str | None = None, workflow: str | None = None, **values: Any
    ) -> BudgetFact:
        """Fold one fact into this instance's state at once (in memory first), then append its row."""
        fact, row = self.hold(upstream, kind, scraper=scraper, workflow=workflow, **values)
        self.write(row)
        return fact

    def hold(
        self, upstream: str, kind: str, *, scraper: str | None = None, workflow: str | None = None, **values: Any
    ) -> tuple[BudgetFact, dict[str, Any]]:
        """Fold one fact into this instance's state now; its row is returned for `write` (the caller's next step)."""
        now = self.clock()
        fact = BudgetFact(sortable_id(now), upstream, kind, now, **{k: values.get(k) for k in _FACT_FIELDS})
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
        self.facts.hold(fact)
        return fact, row

    def write(self, row: dict[str, Any]) -> None:
        """Append a held fact's row; a refused write is logged, the fact stays held here."""
        try:
            upstream_budget.append(self.warehouse, [row])
        except WarehouseError as exc:
            log_event(
                logger,
                f"budget fact {row['kind']} of {row['upstream']} not recorded: {exc.message}",
                event="budget_unrecorded",
                level=logging.WARNING,
                upstream=row["upstream"],
                kind=row["kind"],
            )

    def _read(self) -> list[BudgetFact]:
        now = self._read_at = self.clock()
        rows = upstream_budget.facts_for_state(
            self.warehouse, now=now, recent=now - self.rules.window, period_start=period_start(now, self.reset_day)
        )
        return [
            BudgetFact(**{k: r[k] for k in ("event_id", "upstream", "kind", "occurred_at", *_FACT_FIELDS)})
            for r in rows
        ]


def _unreadable(exc: WarehouseError) -> None:
    log_event(
        logger,
        f"budget facts unreadable, using the last known: {exc.message}",
        event="budget_unreadable",
        level=logging.WARNING,
    )


def _still_counts(fact: BudgetFact, now: datetime, rules: BudgetRules) -> bool:
    """Whether a fact recorded here can still change the fold (closures until they end, others in the window)."""
    if fact.until is not None and fact.until > now:
        return True
    return fact.occurred_at >= now - rules.window
