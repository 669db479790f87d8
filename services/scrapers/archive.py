"""Raw payload archive: a port with a local-folder adapter and a GCS adapter."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from shared.errors import CourtsideError
from shared.settings import Settings

logger = logging.getLogger(__name__)


class ArchiveError(CourtsideError):
    """The raw payload could not be archived, so nothing was loaded."""

    status = 503
    code = "archive_error"


class Archive(Protocol):
    """Stores one raw payload under a relative key; returns where it went."""

    def put(self, key: str, body: bytes) -> str: ...


def archive_key(source: str, endpoint: str, day: date, at: datetime, run_id: str) -> str:
    """`<source>/<endpoint>/<date>/<timestamp>.json`; the run id keeps parallel scrapes apart."""
    return f"{source}/{endpoint}/{day.isoformat()}/{at.strftime('%Y%m%dT%H%M%S%fZ')}-{run_id[:8]}.json"


class LocalArchive:
    """A folder on disk (the local default)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, key: str, body: bytes) -> str:
        path = (self.root / key).resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            tmp.write_bytes(body)
            tmp.replace(path)
        except OSError as exc:
            raise ArchiveError(f"archive write failed at {path}: {exc}") from exc
        return str(path)


class GcsArchive:
    """A Cloud Storage bucket; the client is created on first use."""

    def __init__(self, bucket: str, project: str | None = None, client: Any = None, deadline_s: float = 15.0) -> None:
        self.bucket_name = bucket
        self.project = project
        self._client = client
        self.deadline_s = deadline_s

    def put(self, key: str, body: bytes) -> str:
        uri = f"gs://{self.bucket_name}/{key}"
        try:
            from google.cloud import storage  # type: ignore[attr-defined]
            from google.cloud.storage.retry import DEFAULT_RETRY

            if self._client is None:
                self._client = storage.Client(project=self.project)
            blob = self._client.bucket(self.bucket_name).blob(key)
            # The client's default retry keeps trying an unreachable endpoint for minutes.
            retry = DEFAULT_RETRY.with_deadline(self.deadline_s)
            blob.upload_from_string(body, content_type="application/json", timeout=self.deadline_s, retry=retry)
        except Exception as exc:  # google-cloud-storage raises many unrelated types
            raise ArchiveError(f"archive upload failed at {uri}: {type(exc).__name__}: {exc}") from exc
        return uri


def archive_from_settings(settings: Settings) -> Archive:
    """GCS when COURTSIDE_ARCHIVE_BUCKET is set, else the local folder COURTSIDE_ARCHIVE_DIR."""
    if settings.archive_bucket:
        return GcsArchive(settings.archive_bucket, settings.gcp_project)
    return LocalArchive(settings.archive_dir)
