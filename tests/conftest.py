"""Fixtures shared by every test: the real BigQuery stand-in, isolated projects, settings, app clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from local import bigquery_standin, processes
from shared.settings import Settings, load_settings
from shared.warehouse import Warehouse


@pytest.fixture(scope="session")
def bq_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One stand-in process for the whole session on a free 127.0.0.1 port."""
    data_dir = tmp_path_factory.mktemp("bq")
    bigquery_standin.install_extension()
    port = processes.free_port()
    proc = processes.spawn(
        bigquery_standin.standin_argv(port, data_dir, "courtside-test"),
        env=bigquery_standin.standin_env(data_dir),
        log_path=data_dir / "standin.log",
    )
    url = f"http://127.0.0.1:{port}"
    processes.wait_until(
        lambda: processes.http_ok(f"{url}/bigquery/v2/projects/courtside-test/datasets"),
        timeout_s=60,
        what="BigQuery stand-in",
        alive=lambda: proc.poll() is None,
    )
    yield url
    processes.stop_group(proc.pid)


@pytest.fixture
def settings(bq_endpoint: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own project on the stand-in (an empty warehouse), auth off, short retries."""
    return load_settings(
        bq_endpoint=bq_endpoint,
        gcp_project=f"t-{uuid.uuid4().hex[:10]}",
        auth_enabled=False,
        bq_retry_deadline_s=3,
        data_dir=tmp_path,
        archive_dir=tmp_path / "archive",
    )


@pytest.fixture
def warehouse(settings: Settings) -> Warehouse:
    """A warehouse with every table of the schemas in code created, empty."""
    wh = Warehouse.from_settings(settings)
    wh.ensure_tables()
    return wh
