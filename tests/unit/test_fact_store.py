"""The generic fact store: a cached fold over read facts plus this instance's own, read again when stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.clock import sortable_id
from shared.errors import WarehouseError
from shared.fact_store import FactStore


class Table:
    def __init__(self) -> None:
        self.rows: list[str] = []
        self.reads = 0
        self.down = False

    def read(self) -> list[str]:
        self.reads += 1
        if self.down:
            raise WarehouseError("down")
        return list(self.rows)


def store(table: Table, clock: list[float], **kw) -> FactStore[str, list[str]]:
    return FactStore(table.read, sorted, fact_id=lambda f: f, cache_s=5, monotonic=lambda: clock[0], **kw)


def test_reads_once_per_cache_period_and_folds_its_own_facts_at_once():
    table, clock = Table(), [0.0]
    facts = store(table, clock)
    table.rows = ["a"]
    assert facts.state() == ["a"] and table.reads == 1
    facts.append("b", lambda: table.rows.append("b"))
    assert facts.state() == ["a", "b"] and table.reads == 1  # cached, the new fact folded in, once
    clock[0] = 5.0
    assert facts.state() == ["a", "b"] and table.reads == 2


def test_a_failed_write_holds_nothing():
    table, clock = Table(), [0.0]
    facts = store(table, clock)

    def refuse() -> None:
        raise WarehouseError("refused")

    with pytest.raises(WarehouseError):
        facts.append("x", refuse)
    assert facts.state() == []


def test_own_facts_outlive_a_read_only_while_they_count_and_a_failed_read_keeps_the_last_facts():
    table, clock = Table(), [0.0]
    told: list[WarehouseError] = []
    facts = store(table, clock, keep_mine=lambda f: f == "keep", unreadable=told.append)
    facts.append("keep", lambda: None)
    facts.append("drop", lambda: None)
    assert facts.state(fresh=True) == ["keep"]
    table.rows, table.down = ["a"], True
    assert facts.state(fresh=True) == ["keep"] and len(told) == 1


def test_fact_ids_sort_by_their_time_then_in_the_order_they_were_made():
    at = datetime(2026, 11, 28, 12, tzinfo=UTC)
    first, second, later = sortable_id(at), sortable_id(at), sortable_id(at + timedelta(microseconds=1))
    assert first < second < later
