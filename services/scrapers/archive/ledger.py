"""The ledger of loads, kept beside the archive: one manifest per archived payload plus append-only load facts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from services.scrapers.archive.store import Archive
from shared.clock import Clock, system_now

PAYLOADS = "_ledger/payloads/"
FACTS = "_ledger/facts/"
STAMP = "%Y%m%dT%H%M%S%fZ"
LoadState = Literal["pending", "loaded", "failed"]


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


@dataclass(frozen=True)
class LoadFact:
    """One load attempt's outcome, as named by its key: `<entry key>/<at>-<state>.json`."""

    entry_key: str
    at: str
    state: Literal["loaded", "failed"]


@dataclass
class LedgerItem:
    """An entry with its state folded from its facts."""

    entry: LoadEntry
    state: LoadState
    reason: str | None = None
    facts: list[LoadFact] = field(default_factory=list)


def fold_state(facts: Iterable[LoadFact]) -> LoadState:
    """loaded once any load succeeded (MERGE makes later ones no-ops); failed if only failures; else pending."""
    states = {f.state for f in facts}
    if "loaded" in states:
        return "loaded"
    return "failed" if "failed" in states else "pending"


def parse_fact(key: str) -> LoadFact | None:
    """The fact a ledger key names, or None for anything else under the prefix."""
    rest = key.removeprefix(FACTS)
    parts = rest.split("/")
    if len(parts) != 3 or not parts[2].endswith(".json"):
        return None
    at, _, state = parts[2].removesuffix(".json").rpartition("-")
    if state not in ("loaded", "failed"):
        return None
    return LoadFact(parts[1], at, state)  # type: ignore[arg-type]


class Ledger:
    """Writes manifests and facts to the archive store and folds them back; survives a warehouse outage."""

    def __init__(self, store: Archive, clock: Clock = system_now) -> None:
        self.store = store
        self.clock = clock

    def archived(self, entry: LoadEntry) -> None:
        """Record a payload as archived, load pending."""
        self.store.put(f"{PAYLOADS}{_day(entry)}/{entry.key}.json", entry.to_json())

    def loaded(self, entry: LoadEntry, rows: int) -> None:
        """Record a successful load of `rows` rows."""
        self._fact(entry, "loaded", {"rows": rows})

    def failed(self, entry: LoadEntry, reason: str) -> None:
        """Record a failed load and why."""
        self._fact(entry, "failed", {"reason": reason})

    def _fact(self, entry: LoadEntry, state: str, body: dict[str, Any]) -> None:
        at = self.clock().astimezone(UTC).strftime(STAMP)
        self.store.put(f"{FACTS}{_day(entry)}/{entry.key}/{at}-{state}.json", json.dumps(body).encode())

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


def _day(entry: LoadEntry) -> str:
    return entry.fetched_at.astimezone(UTC).date().isoformat()
