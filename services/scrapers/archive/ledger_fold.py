"""The ledger's pure fold: one payload's facts (load outcomes, lease marks) -> its state and who may load it now.

Facts are only ever added. A lease is `lease-<n>.json`, created only if absent, so two instances can never both
take lease n; the last lease is the only one that counts, and it ends when its holder writes `lease-<n>-end.json`
(after loaded, failed or giving up), or when its time runs out. A stale instance's late end of lease n never ends
lease n + 1, and nothing undoes `loaded`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

FACTS = "_ledger/facts/"
LoadState = Literal["pending", "loaded", "failed"]
Standing = Literal["loaded", "leased", "free"]
LEASE = "lease-"


@dataclass(frozen=True)
class LoadFact:
    """One load attempt's outcome, as named by its key: `<entry key>/<at>-<state>.json`."""

    entry_key: str
    at: str
    state: Literal["loaded", "failed"]


@dataclass(frozen=True)
class LeaseMark:
    """What a lease's name says: lease `seq` of a payload was taken (end False) or ended by its holder (end True)."""

    entry_key: str
    seq: int
    end: bool = False


@dataclass(frozen=True)
class Lease:
    """Who holds lease `seq` of a payload and until when (on the one clock)."""

    seq: int
    holder: str
    until: datetime

    def to_json(self) -> bytes:
        """The lease's body as JSON bytes."""
        return json.dumps({"seq": self.seq, "holder": self.holder, "until": self.until.isoformat()}).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Lease:
        """A lease body read back."""
        body = json.loads(raw)
        return cls(int(body["seq"]), str(body["holder"]), datetime.fromisoformat(body["until"]))


@dataclass(frozen=True)
class LeaseView:
    """A payload's leases folded: the last lease taken (0: none yet) and whether its holder ended it."""

    last: int = 0
    ended: bool = False

    @property
    def next_seq(self) -> int:
        """The lease number the next holder must create (it exists already when this view is stale)."""
        return self.last + 1


def fold_state(facts: Iterable[LoadFact]) -> LoadState:
    """loaded once any load succeeded (MERGE makes later ones no-ops); failed if only failures; else pending."""
    states = {f.state for f in facts}
    if "loaded" in states:
        return "loaded"
    return "failed" if "failed" in states else "pending"


def fold_leases(marks: Iterable[LeaseMark]) -> LeaseView:
    """The last lease and whether it ended; an end mark of an earlier lease (a stale holder's) changes nothing."""
    taken: set[int] = set()
    ended: set[int] = set()
    for mark in marks:
        (ended if mark.end else taken).add(mark.seq)
    last = max(taken | ended, default=0)
    return LeaseView(last, last in ended)


def lease_live(view: LeaseView, last: Lease | None, now: datetime) -> bool:
    """Whether the last lease still holds at `now`: taken, not ended, and `now` before its end (an unreadable body
    counts as expired, so no payload is stuck for ever)."""
    return view.last > 0 and not view.ended and last is not None and last.seq == view.last and now < last.until


def standing(state: LoadState, view: LeaseView, last: Lease | None, now: datetime) -> Standing:
    """loaded: nothing to do; leased: someone is loading it; free: whoever takes the next lease may load it."""
    if state == "loaded":
        return "loaded"
    return "leased" if lease_live(view, last, now) else "free"


def parse_fact(key: str) -> LoadFact | None:
    """The load fact a ledger key names, or None for anything else under the prefix (lease marks included)."""
    parts = key.removeprefix(FACTS).split("/")
    if len(parts) != 3 or not parts[2].endswith(".json"):
        return None
    at, _, state = parts[2].removesuffix(".json").rpartition("-")
    if state not in ("loaded", "failed"):
        return None
    return LoadFact(parts[1], at, state)  # type: ignore[arg-type]


def parse_lease(key: str) -> LeaseMark | None:
    """The lease mark a ledger key names (`lease-000003.json`, `lease-000003-end.json`), or None."""
    parts = key.removeprefix(FACTS).split("/")
    if len(parts) != 3 or not parts[2].startswith(LEASE) or not parts[2].endswith(".json"):
        return None
    seq, _, end = parts[2].removeprefix(LEASE).removesuffix(".json").partition("-")
    if not seq.isdigit() or end not in ("", "end"):
        return None
    return LeaseMark(parts[1], int(seq), end == "end")


def lease_name(seq: int, *, end: bool = False) -> str:
    """The file name of lease `seq` (zero-padded so names sort), or of its end."""
    return f"{LEASE}{seq:06d}{'-end' if end else ''}.json"
