"""The ledger of loads, kept beside the archive: one manifest per archived payload plus append-only load facts."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

# FACTS, LoadFact, LoadState, fold_state and parse_fact are re-exported: conservation and tests read them here.
from services.scrapers.archive.ledger_fold import FACTS as FACTS
from services.scrapers.archive.ledger_fold import (
    Lease,
    LeaseView,
    Standing,
    fold_leases,
    lease_name,
    parse_lease,
    standing,
)
from services.scrapers.archive.ledger_fold import LoadFact as LoadFact
from services.scrapers.archive.ledger_fold import LoadState as LoadState
from services.scrapers.archive.ledger_fold import fold_state as fold_state
from services.scrapers.archive.ledger_fold import parse_fact as parse_fact
from services.scrapers.archive.store import Archive
from shared.clock import Clock, system_now

PAYLOADS = "_ledger/payloads/"
STAMP = "%Y%m%dT%H%M%S%fZ"
# A lease outlives its holder's load deadline by this much: a load job the warehouse finishes after the client gave
# up, the outcome's own write, and clocks of two instances a little apart.
LEASE_MARGIN_S = 30.0


@dataclass(frozen=True)
class LoadEntry:
    """One archived payload: what fetched it, where it is and where its rows go."""

    run_id: str
    scraper: str
    params: dict[str, Any]
    table: str
    archive_key: str
    archive_path: str
    pages: int
    fetched_at: datetime
    run_date: date

    @property
    def key(self) -> str:
        """`<fetch time>-<run id>`: sorts in fetch order."""
        return f"{self.fetched_at.astimezone(UTC).strftime(STAMP)}-{self.run_id}"

    def to_json(self) -> bytes:
        """The manifest as JSON bytes."""
        body = {**asdict(self), "fetched_at": self.fetched_at.isoformat(), "run_date": self.run_date.isoformat()}
        return json.dumps(body, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> LoadEntry:
        """A manifest read back."""
        body = json.loads(raw)
        body["fetched_at"] = datetime.fromisoformat(body["fetched_at"])
        body["run_date"] = date.fromisoformat(body["run_date"])
        return cls(**body)


@dataclass
class LedgerItem:
    """An entry with its state folded from its facts."""

    entry: LoadEntry
    state: LoadState
    reason: str | None = None
    facts: list[LoadFact] = field(default_factory=list)


class Ledger:
    """Writes manifests and facts to the archive store and folds them back; survives a warehouse outage."""

    def __init__(self, store: Archive, clock: Clock = system_now, *, lease_margin_s: float = LEASE_MARGIN_S) -> None:
        self.store = store
        self.clock = clock
        self.lease_margin_s = lease_margin_s

    def archived(self, entry: LoadEntry) -> None:
        """Record a payload as archived, load pending."""
        self.store.put(f"{PAYLOADS}{_day(entry)}/{entry.key}.json", entry.to_json())

    def take_lease(self, entry: LoadEntry, holder: str, load_s: float) -> Lease | Standing:
        """Lease the payload for a load that ends within `load_s` (the lease lasts that plus the margin), or say why
        not: "loaded", or "leased" (a live lease, or another instance took the next one first)."""
        folder = _folder(entry)
        keys = self.store.list(folder)
        view = fold_leases(filter(None, map(parse_lease, keys)))
        now = self.clock()
        why = standing(fold_state(filter(None, map(parse_fact, keys))), view, self._last_lease(entry, view), now)
        if why != "free":
            return why
        lease = Lease(view.next_seq, holder, now + timedelta(seconds=load_s + self.lease_margin_s))
        return lease if self.store.create(folder + lease_name(lease.seq), lease.to_json()) else "leased"

    def lease_new(self, entry: LoadEntry, holder: str, load_s: float) -> Lease | None:
        """Lease a payload not yet in the ledger (before its manifest, so no replay ever sees it unleased)."""
        lease = Lease(1, holder, self.clock() + timedelta(seconds=load_s + self.lease_margin_s))
        return lease if self.store.create(_folder(entry) + lease_name(lease.seq), lease.to_json()) else None

    def loaded(self, entry: LoadEntry, rows: int) -> None:
        """Record a successful load of `rows` rows (final: any lease no longer matters)."""
        self._fact(entry, "loaded", {"rows": rows})

    def failed(self, entry: LoadEntry, reason: str, lease: Lease | None = None) -> None:
        """Record a failed load and why, then end the lease it was loaded under."""
        self._fact(entry, "failed", {"reason": reason})
        if lease is not None:
            self.release(entry, lease)

    def release(self, entry: LoadEntry, lease: Lease) -> None:
        """End `lease` (its holder is done with the payload); a later lease of someone else is untouched."""
        body = {"holder": lease.holder, "at": self.clock().isoformat()}
        self.store.create(_folder(entry) + lease_name(lease.seq, end=True), json.dumps(body).encode())

    def _last_lease(self, entry: LoadEntry, view: LeaseView) -> Lease | None:
        if view.last == 0 or view.ended:
            return None
        try:
            return Lease.from_json(self.store.get(_folder(entry) + lease_name(view.last)))
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable lease counts as expired

    def _fact(self, entry: LoadEntry, state: str, body: dict[str, Any]) -> None:
        at = self.clock().astimezone(UTC).strftime(STAMP)
        self.store.put(f"{_folder(entry)}{at}-{state}.json", json.dumps(body).encode())

    def unloaded_keys(self, days: Iterable[date] | None = None) -> list[str]:
        """Manifest keys with no successful load yet, from names alone (two listings per day)."""
        prefixes = [""] if days is None else [f"{d.isoformat()}/" for d in days]
        payloads, loaded = [], set()
        for prefix in prefixes:
            payloads += self.store.list(PAYLOADS + prefix)
            facts = filter(None, map(parse_fact, self.store.list(FACTS + prefix)))
            loaded |= {f.entry_key for f in facts if f.state == "loaded"}
        return [k for k in payloads if k.rsplit("/", 1)[-1].removesuffix(".json") not in loaded]

    def items(self, states: Iterable[LoadState] = ("pending", "failed")) -> list[LedgerItem]:
        """Entries in fetch order whose folded state is in `states`, with the last failure's reason."""
        wanted = set(states)
        facts: dict[str, list[LoadFact]] = {}
        for fact in filter(None, map(parse_fact, self.store.list(FACTS))):
            facts.setdefault(fact.entry_key, []).append(fact)
        items = []
        for key in self.store.list(PAYLOADS):
            entry_key = key.rsplit("/", 1)[-1].removesuffix(".json")
            known = facts.get(entry_key, [])
            state = fold_state(known)
            if state in wanted:
                items.append(LedgerItem(LoadEntry.from_json(self.store.get(key)), state, None, known))
        for item in items:
            if item.state == "failed":
                item.reason = self._last_reason(item)
        return sorted(items, key=lambda i: i.entry.key)

    def _last_reason(self, item: LedgerItem) -> str | None:
        last = max((f for f in item.facts if f.state == "failed"), key=lambda f: f.at)
        key = f"{FACTS}{_day(item.entry)}/{item.entry.key}/{last.at}-failed.json"
        return str(json.loads(self.store.get(key)).get("reason"))


def holder_name(role: str, run_id: str) -> str:
    """Who holds a lease: the role, its run and where it runs (for a person reading the ledger)."""
    return f"{role} {run_id} on {socket.gethostname()}:{os.getpid()}"


def _day(entry: LoadEntry) -> str:
    return entry.fetched_at.astimezone(UTC).date().isoformat()


def _folder(entry: LoadEntry) -> str:
    return f"{FACTS}{_day(entry)}/{entry.key}/"
