"""Leases in a real archive folder, two ledger instances on explicit clocks: one lease at a time, taken over only
once it ran out or was ended, never undone by a stale holder."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from services.scrapers.archive.ledger import Lease, Ledger, LoadEntry
from services.scrapers.archive.local import LocalArchive

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
ENTRY = LoadEntry(
    "run1", "espn_roster", {"team": "BOS"}, "nba_raw.espn_rosters", "espn/roster/2026-11-28/t-run1.json",
    "/archive/espn/roster/2026-11-28/t-run1.json", 1, T0, date(2026, 11, 28),
)  # fmt: skip


class Instant:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def at(self, seconds: float) -> Instant:
        self.now = T0 + timedelta(seconds=seconds)
        return self


@pytest.fixture
def two(tmp_path):
    """Two instances (their own ledger and clock) over one archive folder, the payload archived."""
    a, b = Ledger(LocalArchive(tmp_path), Instant()), Ledger(LocalArchive(tmp_path), Instant())
    a.archived(ENTRY)
    return a, b


def _at(ledger: Ledger, seconds: float) -> Ledger:
    ledger.clock.at(seconds)  # type: ignore[attr-defined]
    return ledger


def test_many_takers_at_once_get_one_lease(tmp_path):
    ledgers = [Ledger(LocalArchive(tmp_path), Instant()) for _ in range(12)]
    ledgers[0].archived(ENTRY)
    start, got = threading.Barrier(len(ledgers)), []

    def take(ledger: Ledger, n: int) -> None:
        start.wait()
        got.append(ledger.take_lease(ENTRY, f"replay {n}", 120))

    threads = [threading.Thread(target=take, args=(ledger, n)) for n, ledger in enumerate(ledgers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(g).__name__ if isinstance(g, Lease) else g for g in got) == ["Lease"] + ["leased"] * 11


def test_a_killed_holders_lease_runs_out_then_another_takes_the_next(two):
    a, b = two
    lease = _at(a, 0).take_lease(ENTRY, "scrape a", 2)
    assert isinstance(lease, Lease) and (lease.seq, lease.until) == (1, T0 + timedelta(seconds=2 + 30))
    assert _at(b, 31.9).take_lease(ENTRY, "replay b", 120) == "leased"
    taken = _at(b, 32).take_lease(ENTRY, "replay b", 120)
    assert isinstance(taken, Lease) and (taken.seq, taken.holder) == (2, "replay b")


def test_a_stale_holders_late_failure_never_ends_the_newer_lease(two, tmp_path):
    a, b = two
    first = _at(a, 0).take_lease(ENTRY, "scrape a", 2)
    second = _at(b, 40).take_lease(ENTRY, "replay b", 120)
    assert isinstance(first, Lease) and isinstance(second, Lease)
    _at(a, 41).failed(ENTRY, "upstream_fatal: late", first)  # A's view is stale: it still thinks it holds the payload
    c = Ledger(LocalArchive(tmp_path), Instant().at(42))
    assert c.take_lease(ENTRY, "replay c", 120) == "leased"
    assert [i.state for i in c.items()] == ["failed"]
    _at(b, 50).loaded(ENTRY, 12)
    _at(a, 51).failed(ENTRY, "upstream_fatal: later still", first)
    assert c.take_lease(ENTRY, "replay c", 120) == "loaded" and c.items() == []
    assert c.unloaded_keys() == []


def test_an_ended_lease_frees_the_payload_at_once(two):
    a, b = two
    lease = _at(a, 0).take_lease(ENTRY, "scrape a", 2)
    assert isinstance(lease, Lease)
    a.release(ENTRY, lease)  # the warehouse was down: nothing loaded, the replay may load it now
    taken = _at(b, 1).take_lease(ENTRY, "replay b", 120)
    assert isinstance(taken, Lease) and taken.seq == 2
    assert [i.state for i in b.items()] == ["pending"]


def test_a_new_payloads_lease_is_taken_before_its_manifest(tmp_path):
    ledger = Ledger(LocalArchive(tmp_path), Instant())
    lease = ledger.lease_new(ENTRY, "scrape a", 2)
    assert lease is not None and lease.seq == 1
    assert ledger.lease_new(ENTRY, "scrape again", 2) is None
    ledger.archived(ENTRY)
    assert ledger.take_lease(ENTRY, "replay b", 120) == "leased"
    assert [i.state for i in ledger.items()] == ["pending"] and len(ledger.unloaded_keys()) == 1
