"""Conservation per game day: every row an upstream returned is loaded or refused with a reason, every player with
a line reached the product or waits in the queue; any difference names its table, date and count."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from services.analytics.registry.coverage import measure
from services.scrapers.archive.ledger import FACTS, PAYLOADS, LoadEntry, fold_state, parse_fact
from services.scrapers.archive.local import LocalArchive
from services.scrapers.archive.store import Archive
from services.scrapers.pipeline.steps import pages_from_archive, params_from_manifest
from services.scrapers.scrape.base import ScrapeContext
from services.scrapers.upstreams import SCRAPERS
from shared.errors import CourtsideError
from shared.orchestration import conservation_days
from shared.rows import validate_rows
from shared.schemas import table_spec
from shared.warehouse import Warehouse


@dataclass
class TableCount:
    """One raw table's rows for the day: returned by the upstream, loaded, refused (with reasons), missing."""

    returned: int = 0
    loaded: int = 0
    refused: int = 0
    pending: int = 0
    missing: int = 0  # returned and loaded, yet not in the table
    duplicated: int = 0
    reasons: set[str] = field(default_factory=set)


@dataclass
class DayConservation:
    """The day's rows per table and players, with each difference named."""

    day: date
    tables: dict[str, TableCount] = field(default_factory=dict)
    players_with_line: int = 0
    players_reached: int = 0
    names_queued: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing duplicated."""
        return not self.differences

    def summary(self) -> str:
        """`rows 2,311 = 2,300 loaded + 11 refused; players 111 = 111 + 0 queued` or the differences."""
        returned = sum(t.returned for t in self.tables.values())
        loaded = sum(t.loaded for t in self.tables.values())
        refused = sum(t.refused for t in self.tables.values())
        line = (
            f"rows {returned} = {loaded} loaded + {refused} refused; "
            f"players {self.players_with_line} = {self.players_reached} + {self.names_queued} queued"
        )
        return line if self.ok else f"{line}; LOST: {'; '.join(self.differences)}"


def _norm(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _as_date(value: Any) -> date | None:
    """A partition value as loaded (validated rows carry dates as ISO text) back to a date."""
    return date.fromisoformat(str(value)[:10]) if value is not None else None


def _payload_rows(archive: Archive, entry: LoadEntry) -> list[dict[str, Any]]:
    """The rows the upstream's archived answer holds, as the load path parses them (validated, typed)."""
    scraper = SCRAPERS[entry.scraper]
    params = params_from_manifest(scraper, entry.params)
    pages = pages_from_archive(archive.get(entry.archive_key), entry.pages)
    rows = scraper.rows(pages, ctx=ScrapeContext(params, entry.fetched_at), archive_path=entry.archive_path)
    return validate_rows(table_spec(entry.table), rows)


def _facts(archive: Archive, day: date) -> dict[str, list]:
    facts: dict[str, list] = defaultdict(list)
    for fact in filter(None, map(parse_fact, archive.list(f"{FACTS}{day.isoformat()}/"))):
        facts[fact.entry_key].append(fact)
    return facts


def _reason(archive: Archive, day: date, entry: LoadEntry, facts: list) -> str:
    last = max((f for f in facts if f.state == "failed"), key=lambda f: f.at)
    body = json.loads(archive.get(f"{FACTS}{day.isoformat()}/{entry.key}/{last.at}-failed.json"))
    return str(body.get("reason"))[:120]


def _count_rows(archive: Archive, warehouse: Warehouse, day: date, result: DayConservation) -> None:
    facts = _facts(archive, day)
    returned_keys: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    partitions: dict[str, set[Any]] = defaultdict(set)  # the dates the loaded rows fall on, per table
    for key in archive.list(f"{PAYLOADS}{day.isoformat()}/"):
        entry = LoadEntry.from_json(archive.get(key))
        known = facts.get(entry.key, [])
        count = result.tables.setdefault(entry.table, TableCount())
        try:
            rows = _payload_rows(archive, entry)
        except CourtsideError as exc:
            rows, count.reasons = [], count.reasons | {exc.message[:120]}
        spec = table_spec(entry.table)
        keys = {tuple(_norm(r[k]) for k in spec.key) for r in rows}
        count.returned += len(keys)
        state = fold_state(known)
        if state == "loaded":
            count.loaded += len(keys)
            returned_keys[entry.table] |= keys
            if spec.partition_field:
                partitions[entry.table] |= {_as_date(r[spec.partition_field]) for r in rows}
        elif state == "failed":
            count.refused += len(keys)
            count.reasons.add(_reason(archive, day, entry, known))
        else:
            count.pending += len(keys)
    for table, keys in returned_keys.items():
        _check_table(warehouse, table, keys, sorted(partitions[table] - {None}), result.tables[table])


def _check_table(
    warehouse: Warehouse, table: str, keys: set[tuple[str, ...]], dates: list[Any], count: TableCount
) -> None:
    """Every loaded key is in the table once, read back only on the dates its rows fall on (a day's read does not
    grow with the season)."""
    spec = table_spec(table)
    where = f"WHERE {spec.partition_field} IN UNNEST(@dates)" if spec.partition_field and dates else ""
    rows = warehouse.query(f"SELECT {', '.join(spec.key)} FROM {table} {where}", **({"dates": dates} if where else {}))
    present: dict[tuple[str, ...], int] = defaultdict(int)
    for row in rows:
        present[tuple(_norm(row[k]) for k in spec.key)] += 1
    count.missing = len(keys - present.keys())
    count.duplicated = sum(n - 1 for k, n in present.items() if k in keys and n > 1)


def record(warehouse: Warehouse, result: DayConservation, checked_at: datetime) -> None:
    """The day's check as a conservation_days row, for the status page."""
    tables = result.tables.values()
    conservation_days.append(warehouse, {
        "game_date": result.day, "checked_at": checked_at,
        **{f"rows_{name}": sum(getattr(t, name) for t in tables)
           for name in ("returned", "loaded", "refused", "pending", "missing", "duplicated")},
        "players_with_line": result.players_with_line, "players_reached": result.players_reached,
        "names_queued": result.names_queued, "differences": json.dumps(result.differences),
    })  # fmt: skip


def conserve(warehouse: Warehouse, archive_dir: Path, day: date) -> DayConservation:
    """Rows and players of `day`, each difference named (table, date, count)."""
    result = DayConservation(day)
    _count_rows(LocalArchive(archive_dir), warehouse, day, result)
    for table, t in sorted(result.tables.items()):
        if t.pending:
            result.differences.append(f"{table} {day}: {t.pending} rows still pending load")
        if t.missing:
            result.differences.append(f"{table} {day}: {t.missing} loaded rows not in the table")
        if t.duplicated:
            result.differences.append(f"{table} {day}: {t.duplicated} rows duplicated")
    for coverage in measure(warehouse, day, day):
        result.players_with_line, result.players_reached = coverage.players_with_line, coverage.players_reached
        result.names_queued = coverage.players_queued  # players every spelling of which waits in the queue
        unaccounted = coverage.players_with_line - coverage.players_reached - coverage.players_queued
        if unaccounted > 0:
            result.differences.append(f"players {day}: {unaccounted} with a line neither in the product nor queued")
    return result
