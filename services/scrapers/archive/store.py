"""Raw payload archive: a port with a local-folder adapter and a GCS adapter (put, get, list, delete)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from shared.errors import BadRequest, CourtsideError
from shared.settings import Settings

logger = logging.getLogger(__name__)


class ArchiveError(CourtsideError):
    """The raw payload could not be archived (or read back), so nothing was loaded."""

    status = 503
    code = "archive_error"


class Archive(Protocol):
    """Stores objects under relative keys: the raw payloads and, beside them, the ledger of loads."""

    def put(self, key: str, body: bytes) -> str: ...

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


class LocalArchive:
    """A folder on disk (the local default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / checked_key(key)).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise BadRequest(f"archive path {key!r} is outside the archive root", field="archive_path")
        return path

    def put(self, key: str, body: bytes) -> str:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(body)
            tmp.replace(path)
        except OSError as exc:
            raise ArchiveError(f"archive write failed at {path}: {exc}") from exc
        return str(path)

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ArchiveError(f"archive read failed at {path}: {exc}") from exc

    def list(self, prefix: str) -> list[str]:
        folder = self.root / prefix.rstrip("/")
        if not folder.is_dir():
            return []
        root = self.root.resolve()
        return sorted(str(p.resolve().relative_to(root)) for p in folder.rglob("*.json") if p.is_file())

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def archive_from_settings(settings: Settings) -> Archive:
    """GCS when COURTSIDE_ARCHIVE_BUCKET is set, else the local folder COURTSIDE_ARCHIVE_DIR."""
    if settings.archive_bucket:
        from services.scrapers.archive.gcs import GcsArchive

        return GcsArchive(settings.archive_bucket, settings.gcp_project)
    return LocalArchive(settings.archive_dir)
