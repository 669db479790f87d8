"""The live load's lease: taken before the manifest is written, ended by the load's outcome."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from services.scrapers.archive.ledger import Lease, Ledger, LoadEntry, holder_name
from services.scrapers.archive.store import ArchiveError
from shared.errors import UpstreamFatal
from shared.warehouse.deadline import remaining


def take_new_lease(ledger: Ledger, entry: LoadEntry, default_load_s: float) -> Lease:
    """Lease the new payload for as long as its load may take: the request's warehouse deadline (the caller's, or
    COURTSIDE_SCRAPE_LOAD_DEADLINE_S) plus the ledger's margin."""
    left = remaining()
    lease = ledger.lease_new(
        entry, holder_name("scrape", entry.run_id), default_load_s if left is None else max(left, 0)
    )
    if lease is None:
        raise ArchiveError(f"payload {entry.key} already has a lease in the ledger; it was not loaded")
    return lease


@contextlib.contextmanager
def ended_on_failure(ledger: Ledger, entry: LoadEntry, lease: Lease) -> Iterator[None]:
    """A load inside that fails ends its lease: failed (what the upstream sent does not fit) with its reason; any
    other error (the warehouse down or too slow) records no load, so the replay may load the payload at once."""
    try:
        yield
    except UpstreamFatal as exc:
        ledger.failed(entry, f"{exc.code}: {exc.message}", lease)
        raise
    except BaseException:
        with contextlib.suppress(ArchiveError):  # the archive is down too: the lease just runs out
            ledger.release(entry, lease)
        raise
