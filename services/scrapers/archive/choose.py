"""Which archive the settings ask for: GCS when a bucket is set, else a local folder."""

from __future__ import annotations

from services.scrapers.archive.gcs import GcsArchive
from services.scrapers.archive.local import LocalArchive
from services.scrapers.archive.store import Archive
from shared.settings import Settings


def archive_from_settings(settings: Settings) -> Archive:
    """GCS when COURTSIDE_ARCHIVE_BUCKET is set, else the local folder COURTSIDE_ARCHIVE_DIR."""
    if settings.archive_bucket:
        return GcsArchive(settings.archive_bucket, settings.gcp_project)
    return LocalArchive(settings.archive_dir)
