"""Settings on a new, empty project of the warehouse stand-in: auth off, short retries, files under `folder`."""

from __future__ import annotations

import uuid
from pathlib import Path

from shared.settings import Settings, load_settings


def fresh_settings(bq_endpoint: str, folder: Path) -> Settings:
    """Settings on a new, empty project of the warehouse stand-in, auth off, short retries."""
    return load_settings(
        bq_endpoint=bq_endpoint,
        gcp_project=f"t-{uuid.uuid4().hex[:10]}",
        auth_enabled=False,
        bq_retry_deadline_s=3,
        data_dir=folder,
        archive_dir=folder / "archive",
    )
