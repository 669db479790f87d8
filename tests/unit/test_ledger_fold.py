"""The ledger's pure fold of leases at explicit instants: who may load a payload, and why a stale holder's late fact
never undoes a newer one."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from services.scrapers.archive.ledger_fold import (
    FACTS,
    Lease,
    LeaseMark,
    LeaseView,
    LoadFact,
    fold_leases,
    fold_state,
    lease_live,
    lease_name,
    parse_fact,
    parse_lease,
    standing,
)

T0 = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
KEY = "20261128T180000000000Z-run1"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def taken(seq: int) -> LeaseMark:
    return LeaseMark(KEY, seq)


def ended(seq: int) -> LeaseMark:
    return LeaseMark(KEY, seq, end=True)


@pytest.mark.parametrize(
    ("marks", "view"),
    [
        ([], LeaseView(0, False)),
        ([taken(1)], LeaseView(1, False)),
        ([taken(1), ended(1)], LeaseView(1, True)),
        ([taken(1), taken(2)], LeaseView(2, False)),  # lease 1 ran out, someone took lease 2
        ([taken(1), taken(2), ended(1)], LeaseView(2, False)),  # the first holder's late end: lease 2 still holds
        ([taken(1), ended(1), taken(2), ended(2)], LeaseView(2, True)),
    ],
)
def test_fold_leases_keeps_the_last_lease_only(marks, view):
    assert fold_leases(marks) == view
    assert all(fold_leases(p) == view for p in itertools.permutations(marks))  # in any order the store lists them


@pytest.mark.parametrize(
    ("view", "lease", "now", "live"),
    [
        (LeaseView(0), None, at(0), False),
        (LeaseView(1), Lease(1, "a", at(32)), at(0), True),
        (LeaseView(1), Lease(1, "a", at(32)), at(31.999), True),
        (LeaseView(1), Lease(1, "a", at(32)), at(32), False),  # expired at its `until`: a killed holder's payload
        (LeaseView(1, ended=True), Lease(1, "a", at(32)), at(1), False),  # its holder ended it
        (LeaseView(1), None, at(1), False),  # an unreadable lease counts as expired
        (LeaseView(2), Lease(1, "a", at(32)), at(1), False),  # a body of an older lease says nothing of lease 2
    ],
)
def test_lease_live_at_an_instant(view, lease, now, live):
    assert lease_live(view, lease, now) is live


def test_a_stale_holder_cannot_undo_the_replay_that_took_over():
    # Instance A (a live scrape) takes lease 1 for a 2 s load plus a 30 s margin, then stalls.
    a_lease = Lease(1, "scrape a", at(32))
    marks, facts = [taken(1)], list[LoadFact]()
    assert standing(fold_state(facts), fold_leases(marks), a_lease, at(10)) == "leased"  # a replay skips it
    # At 40 s the lease has run out: a replay B may take the next lease, number 2.
    b_view = fold_leases(marks)
    assert standing(fold_state(facts), b_view, a_lease, at(40)) == "free" and b_view.next_seq == 2
    b_lease = Lease(2, "replay b", at(40 + 150))
    marks.append(taken(2))
    # A wakes up from its stale view (only its own lease 1): the lease it would take next is B's, which exists, so
    # the store's create-if-absent refuses it; A cannot take the payload back.
    assert fold_leases([taken(1)]).next_seq == b_lease.seq
    # A's late failure ends lease 1 only: B's lease still holds, so a third instance C still skips the payload.
    facts.append(LoadFact(KEY, "t41", "failed"))
    marks.append(ended(1))
    assert fold_state(facts) == "failed"
    assert standing(fold_state(facts), fold_leases(marks), b_lease, at(42)) == "leased"
    # B loads and records it; A's even later failure cannot make it pending or failed again.
    facts += [LoadFact(KEY, "t50", "loaded"), LoadFact(KEY, "t51", "failed")]
    marks.append(ended(2))
    for order in itertools.permutations(facts):
        assert fold_state(order) == "loaded"
    assert standing(fold_state(facts), fold_leases(marks), None, at(51)) == "loaded"


def test_a_loaded_payload_is_never_free_even_without_a_lease():
    assert standing("loaded", LeaseView(0), None, at(0)) == "loaded"
    assert standing("failed", LeaseView(3, ended=True), None, at(0)) == "free"  # a replay may try again
    assert standing("pending", LeaseView(0), None, at(0)) == "free"


def test_lease_round_trips_through_json():
    lease = Lease(7, "replay 1f2e on host:42", at(150))
    assert Lease.from_json(lease.to_json()) == lease


@pytest.mark.parametrize(
    ("name", "mark", "fact"),
    [
        (lease_name(3), LeaseMark(KEY, 3), None),
        (lease_name(3, end=True), LeaseMark(KEY, 3, end=True), None),
        ("20261128T180001000000Z-loaded.json", None, LoadFact(KEY, "20261128T180001000000Z", "loaded")),
        ("lease-x.json", None, None),
        ("lease-000003-over.json", None, None),
    ],
)
def test_lease_marks_and_load_facts_never_read_as_each_other(name, mark, fact):
    key = f"{FACTS}2026-11-28/{KEY}/{name}"
    assert (parse_lease(key), parse_fact(key)) == (mark, fact)


def test_lease_names_sort_by_number():
    assert sorted([lease_name(10), lease_name(9), lease_name(100)]) == [lease_name(9), lease_name(10), lease_name(100)]
