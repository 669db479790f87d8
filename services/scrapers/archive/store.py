"""The raw payload archive's port: its error, its protocol (put, get, list, delete) and its keys."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from shared.errors import BadRequest, CourtsideError


class ArchiveError(CourtsideError):
    """The raw payload could not be archived (or read back), so nothing was loaded."""

    status = 503
    code = "archive_error"


class Archive(Protocol):
    """Stores objects under relative keys: the raw payloads and, beside them, the ledger of loads."""

    def put(self, key: str, body: bytes) -> str: ...

    def create(self, key: str, body: bytes) -> bool:
        """Write `key` only if nothing is there yet (atomically): False when it already exists."""
        ...

    def get(self, key: str) -> bytes: ...

    def list(self, prefix: str) -> list[str]: ...

    def delete(self, key: str) -> None: ...


def archive_key(source: str, endpoint: str, day: date, at: datetime, run_id: str) -> str:
    """`<source>/<endpoint>/<date>/<timestamp>.json`; the run id keeps parallel scrapes apart."""
    return f"{source}/{endpoint}/{day.isoformat()}/{at.strftime('%Y%m%dT%H%M%S%fZ')}-{run_id[:8]}.json"


def checked_key(key: str) -> str:
    """`key` when it names something inside the archive root; a 400 naming archive_path otherwise."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in key:
        raise BadRequest(f"archive path {key!r} is outside the archive root", field="archive_path")
    return key
