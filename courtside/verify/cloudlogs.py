"""The production log source: Cloud Logging's entries.list through google-cloud-logging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from google.cloud import logging as cloud_logging


class CloudLogging:
    """Structured entries of one project matching a filter, as their jsonPayload dicts."""

    def __init__(self, project: str, client: Any = None, *, max_entries: int = 20_000) -> None:
        self.project = project
        self.max_entries = max_entries
        self._client = client

    def entries(self, filter_: str) -> Iterator[dict[str, Any]]:
        """`Client.list_entries(filter_=...)`, paged by the client; text entries are skipped."""
        client = self._client or cloud_logging.Client(project=self.project)
        found = client.list_entries(
            resource_names=[f"projects/{self.project}"],
            filter_=filter_,
            page_size=1000,
            max_results=self.max_entries,
        )
        for entry in found:
            if isinstance(entry.payload, dict):
                yield dict(entry.payload)
