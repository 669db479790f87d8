"""The archive in a Cloud Storage bucket, through google-cloud-storage with short deadlines."""

from __future__ import annotations

from typing import Any

from services.scrapers.archive.store import ArchiveError, checked_key
from shared.limits import GCS_DEADLINE_S


class GcsArchive:
    """A Cloud Storage bucket; the client is created on first use."""

    def __init__(
        self, bucket: str, project: str | None = None, client: Any = None, deadline_s: float = GCS_DEADLINE_S
    ) -> None:
        self.bucket_name = bucket
        self.project = project
        self._client = client
        self.deadline_s = deadline_s

    def _bucket(self) -> Any:
        if self._client is None:
            from google.cloud import storage  # type: ignore[attr-defined]

            self._client = storage.Client(project=self.project)
        return self._client.bucket(self.bucket_name)

    def _retry(self) -> Any:
        from google.cloud.storage.retry import DEFAULT_RETRY

        # The client's default retry keeps trying an unreachable endpoint for minutes.
        return DEFAULT_RETRY.with_deadline(self.deadline_s)

    def _uri(self, key: str) -> str:
        return f"gs://{self.bucket_name}/{key}"

    def put(self, key: str, body: bytes) -> str:
        blob_key = checked_key(key)
        try:
            blob = self._bucket().blob(blob_key)
            blob.upload_from_string(body, content_type="application/json", timeout=self.deadline_s, retry=self._retry())
        except Exception as exc:  # google-cloud-storage raises many unrelated types
            raise ArchiveError(f"archive upload failed at {self._uri(key)}: {type(exc).__name__}: {exc}") from exc
        return self._uri(key)

    def create(self, key: str, body: bytes) -> bool:
        from google.api_core.exceptions import PreconditionFailed

        blob_key = checked_key(key)
        try:
            blob = self._bucket().blob(blob_key)
            blob.upload_from_string(
                body, content_type="application/json", timeout=self.deadline_s, retry=self._retry(),
                if_generation_match=0,  # only if no live object has this name: Cloud Storage answers 412 otherwise
            )  # fmt: skip
        except PreconditionFailed:  # also when a retried upload had in fact succeeded: the lease then just expires
            return False
        except Exception as exc:
            raise ArchiveError(f"archive upload failed at {self._uri(key)}: {type(exc).__name__}: {exc}") from exc
        return True

    def get(self, key: str) -> bytes:
        blob_key = checked_key(key)
        try:
            return bytes(self._bucket().blob(blob_key).download_as_bytes(timeout=self.deadline_s, retry=self._retry()))
        except Exception as exc:
            raise ArchiveError(f"archive read failed at {self._uri(key)}: {type(exc).__name__}: {exc}") from exc

    def list(self, prefix: str) -> list[str]:
        try:
            blobs = self._bucket().list_blobs(prefix=prefix, timeout=self.deadline_s, retry=self._retry())
            return sorted(b.name for b in blobs if b.name.endswith(".json"))
        except Exception as exc:
            raise ArchiveError(f"archive listing failed at {self._uri(prefix)}: {type(exc).__name__}: {exc}") from exc

    def delete(self, key: str) -> None:
        from google.api_core.exceptions import NotFound

        try:
            self._bucket().blob(checked_key(key)).delete(timeout=self.deadline_s, retry=self._retry())
        except NotFound:
            return
        except Exception as exc:
            raise ArchiveError(f"archive delete failed at {self._uri(key)}: {type(exc).__name__}: {exc}") from exc
